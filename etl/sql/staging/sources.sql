-- one row per source
with source as (select * from raw.sources)
select
    trim(source_id) as source_id,
    title,
    publisher,
    url,
    year_published,
    note
from source
