-- one row per participation record (the large table; pages read the rollups instead)
select * from staging.participation
