-- one row per published participation figure, with its place's country
with staged as (select * from staging.participation_reported),
joined as (
    select r.*, p.country_iso
    from staged r
    join staging.places p using (place_id)
)
select * from joined order by place_id, year nulls last, measure, program_or_scope
