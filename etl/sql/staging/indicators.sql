-- one row per indicator
with source as (select * from raw.indicators)
select indicator_id, category, unit, name_en, name_zh, name_th, definition_en from source
