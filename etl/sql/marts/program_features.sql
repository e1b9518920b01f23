-- one row per programme and part of UNESCO's Key Features framework it serves, with the programme's place
-- and the framework's area (a programme's tags are this project's reading unless assessed_by = 'source')
with staged as (select * from staging.program_features),
joined as (
    select f.*, g.place_id, p.country_iso, k.area, k.subarea
    from staged f
    join staging.programs g using (program_id)
    join staging.places p on p.place_id = g.place_id
    join staging.key_features k using (feature_id)
)
select * from joined order by program_id, feature_id
