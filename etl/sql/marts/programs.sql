-- one row per programme, with its place's country
with staged as (select * from staging.programs),
joined as (
    select g.*, p.country_iso
    from staged g
    join staging.places p using (place_id)
)
select * from joined order by program_id
