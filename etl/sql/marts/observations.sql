-- one row per place, indicator, year, basis and flag; unit from the indicator, one series per place × indicator × basis,
-- ranked by the headline rule: `headline` marks the rows of each place's headline series of an indicator
with staged as (select * from staging.observations),
basis_ranks as (select country_iso, code as basis, rank from staging.headline_rule where kind = 'basis'),
flag_ranks as (select code as flag, rank from staging.headline_rule where kind = 'flag'),
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
        o.place_id || '|' || o.indicator_id || '|' || o.basis as series_id,
        coalesce(b.rank, 1000) as basis_rank,
        f.rank as flag_rank
    from staged o
    join staging.indicators i using (indicator_id)
    join staging.places p using (place_id)
    left join basis_ranks b on b.country_iso = p.country_iso and b.basis = o.basis
    left join flag_ranks f on f.flag = o.flag
),
series as (
    select distinct place_id, indicator_id, basis, basis_rank from joined where flag_rank is not null
),
headline_series as (
    select place_id, indicator_id, basis
    from series
    qualify row_number() over (partition by place_id, indicator_id order by basis_rank, basis) = 1
)
select j.*, h.basis is not null as headline
from joined j
left join headline_series h using (place_id, indicator_id, basis)
order by place_id, indicator_id, basis, year, flag
