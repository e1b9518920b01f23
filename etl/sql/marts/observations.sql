-- one row per place, indicator, year, basis and flag; unit from the indicator, one series per place × indicator × basis
with staged as (select * from staging.observations),
joined as (
    select
        o.place_id,
        o.indicator_id,
        i.category,
        o.year,
        o.value,
        i.unit,
        o.unit_as_reported,
        o.basis,
        o.flag,
        o.source_ids,
        o.note,
        o.place_id || '|' || o.indicator_id || '|' || o.basis as series_id
    from staged o
    join staging.indicators i using (indicator_id)
)
select * from joined order by place_id, indicator_id, basis, year, flag
