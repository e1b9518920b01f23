-- one row per participation record
with source as (select * from raw.participation)
select
    program_id,
    place_id,
    cast(year as integer) as year,
    age_group,
    sex,
    cast(participants as bigint) as participants,
    learning_hours,
    flag,
    source_id
from source
