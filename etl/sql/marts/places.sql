-- one row per place, with its country and GNLC status
with staged as (select * from staging.places),
joined as (
    select
        p.*,
        p.gnlc_joined_year is not null as is_gnlc_member,
        (select count(*) from staging.programs g where g.place_id = p.place_id) as programs
    from staged p
)
select * from joined order by place_id
