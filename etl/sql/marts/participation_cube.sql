-- rollup: one row per programme, year, age group, sex and flag; what every participation chart reads
with records as (select * from staging.participation),
summed as (
    select
        program_id,
        place_id,
        year,
        age_group,
        sex,
        flag,
        cast(sum(participants) as bigint) as participants,
        sum(learning_hours) as learning_hours,
        count(*) as records,
        list_sort(list_distinct(id_list(string_agg(distinct source_id, ';')))) as source_ids
    from records
    group by all
),
joined as (
    select s.*, g.theme, g.target_age_group, p.country_iso
    from summed s
    join staging.programs g using (program_id)
    join staging.places p on p.place_id = s.place_id
)
select * from joined order by program_id, year, age_group, sex, flag
