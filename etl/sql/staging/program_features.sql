-- one row per programme and part of UNESCO's Key Features framework it serves
with source as (select * from raw.program_features)
select program_id, feature_id, assessed_by, id_list(source_id) as source_ids, note from source
