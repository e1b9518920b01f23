-- one row per place
with source as (select * from raw.places)
select
    place_id,
    name_en,
    name_zh,
    name_th,
    country_iso,
    level,
    parent_place_id,
    lat,
    lon,
    area_km2,
    area_source_id,
    id_list(source_id) as source_ids,
    note
from source
