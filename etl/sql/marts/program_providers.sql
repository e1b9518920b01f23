-- one row per programme and provider type
with staged as (select program_id, unnest(provider_types) as provider_type from staging.programs)
select distinct program_id, provider_type from staged order by program_id, provider_type
