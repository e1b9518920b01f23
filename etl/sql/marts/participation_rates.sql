-- rollup: one row per place, year and age group: participants (all programmes, both sexes) per 1,000 residents
with participants as (
    select
        place_id, year, age_group, flag,
        cast(sum(participants) as bigint) as participants,
        list_distinct(flatten(list(source_ids))) as participant_sources
    from participation_cube
    group by all
),
joined as (
    select
        a.place_id,
        a.year,
        a.age_group,
        a.flag,
        a.participants,
        p.population,
        p.basis as population_basis,
        p.flag as population_flag,
        p.carried_from as population_carried_from,
        p.note as population_note,
        1000.0 * a.participants / nullif(p.population, 0) as rate_per_1000,
        list_sort(list_distinct(list_concat(a.participant_sources, coalesce(p.source_ids, [])))) as source_ids
    from participants a
    left join age_population p using (place_id, year, age_group)
)
select * from joined order by place_id, year, age_group, flag
