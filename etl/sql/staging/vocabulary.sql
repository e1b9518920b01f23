-- one row per coded value and its names
with source as (select * from raw.vocabulary)
select kind, code, name_en, name_zh, name_th, description_en, description_zh, description_th from source
