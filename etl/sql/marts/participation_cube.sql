-- rollup: one row per programme, year, age group, sex and flag; what every participation chart reads.
-- It sums participation_parts (the same rollup per partition, built in etl/build.py), so that a build that
-- adds one partition recomputes only the cells that partition touches.
with summed as (
    select
        program_id,
        place_id,
        year,
        age_group,
        sex,
        flag,
        cast(sum(participants) as bigint) as participants,
        cast(sum(learning_hours) as double) as learning_hours,
        cast(sum(records) as bigint) as records,
        list_sort(list_distinct(flatten(list(source_ids)))) as source_ids
    from participation_parts
    group by all
),
joined as (
    select s.*, g.theme, g.target_age_group, p.country_iso
    from summed s
    join staging.programs g using (program_id)
    join staging.places p on p.place_id = s.place_id
)
select * from joined order by program_id, year, age_group, sex, flag
