-- one row per ranked basis (per country) or flag
with source as (select * from raw.headline_rule)
select country_iso, kind, code, cast(rank as integer) as rank, note from source
