-- one row per source
select * from staging.sources order by source_id
