-- one row per source
with source as (select * from raw.sources)
select
    trim(source_id) as source_id,
    name_en,
    name_zh,
    name_th,
    cast(year as integer) as year,
    title,
    publisher,
    url,
    year_published,
    note
from source
