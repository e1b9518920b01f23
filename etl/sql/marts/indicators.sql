-- one row per indicator
select * from staging.indicators order by indicator_id
