-- one row per place, indicator, year, basis and flag
with source as (select * from raw.observations)
select
    place_id,
    indicator_id,
    cast(year as integer) as year,
    value,
    unit as unit_as_reported,
    basis,
    flag,
    id_list(source_id) as source_ids,
    note
from source
