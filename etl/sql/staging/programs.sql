-- one row per programme
with source as (select * from raw.programs)
select
    program_id,
    place_id,
    name_en,
    name_zh,
    name_th,
    theme,
    target_age_group,
    id_list(provider_type) as provider_types,
    cast(start_year as integer) as start_year,
    description_en,
    verified,
    id_list(source_id) as source_ids,
    note
from source
