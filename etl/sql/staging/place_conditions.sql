-- one row per fundamental condition a source states for a place
with source as (select * from raw.place_conditions)
select place_id, feature_id, statement, id_list(source_id) as source_ids from source
