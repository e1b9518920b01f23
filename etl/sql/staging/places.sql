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
    cast(gnlc_joined_year as integer) as gnlc_joined_year,
    cast(unesco_award_year as integer) as unesco_award_year,
    id_list(source_id) as source_ids
from source
