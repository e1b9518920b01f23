-- one row per Chinese or Thai city listed with its GNLC status
with source as (select * from raw.gnlc_membership)
select
    city_en,
    country_iso,
    place_id,
    status,
    cast(joined_year as integer) as joined_year,
    cast(award_year as integer) as award_year,
    id_list(source_id) as source_ids,
    note
from source
