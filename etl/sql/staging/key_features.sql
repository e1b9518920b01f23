-- one row per area or sub-area of the UNESCO Key Features framework
with source as (select * from raw.key_features)
select
    feature_id,
    area,
    subarea,
    feature_text_en,
    example_indicator,
    id_list(source_id) as source_ids
from source
