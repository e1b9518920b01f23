-- one row per dated event of a place
with source as (select * from raw.milestones)
select
    place_id,
    date as date_text,
    cast(left(date, 4) as integer) as year,
    event_id,
    event_en,
    id_list(source_id) as source_ids
from source
