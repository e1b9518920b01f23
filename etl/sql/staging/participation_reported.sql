-- one row per published participation figure
with source as (select * from raw.participation_reported)
select
    place_id,
    cast(year as integer) as year,
    program_or_scope,
    program_id,
    measure,
    value,
    unit,
    age_group,
    qualifier,
    status,
    id_list(source_id) as source_ids,
    quote,
    note
from source
