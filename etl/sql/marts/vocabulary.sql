-- one row per coded value and its display names
select * from staging.vocabulary order by kind, code
