-- one row per area or sub-area of the UNESCO Key Features framework
select * from staging.key_features order by feature_id
