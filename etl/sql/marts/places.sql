-- one row per place, with its country, its GNLC status (through its own row in gnlc_membership or a
-- member body inside it, e.g. Tak province through Tak Town Municipality) and its programme count
with staged as (select * from staging.places),
membership as (
    select
        p.place_id,
        m.place_id as gnlc_member_place_id,
        m.status as gnlc_status,
        m.joined_year as gnlc_joined_year,
        m.award_year as unesco_award_year,
        m.source_ids as gnlc_source_ids,
        m.note as gnlc_note
    from staged p
    join staging.gnlc_membership m
      on m.place_id = p.place_id
      or (p.level not in ('country', 'network')
          and m.place_id in (select c.place_id from staged c where c.parent_place_id = p.place_id))
    qualify row_number() over (partition by p.place_id order by m.place_id = p.place_id desc, m.status, m.city_en) = 1
),
joined as (
    select
        p.*,
        m.gnlc_member_place_id,
        m.gnlc_status,
        m.gnlc_joined_year,
        m.unesco_award_year,
        m.gnlc_source_ids,
        m.gnlc_note,
        coalesce(m.gnlc_status = 'member', false) as is_gnlc_member,
        (select count(*) from staging.programs g where g.place_id = p.place_id) as programs
    from staged p
    left join membership m using (place_id)
)
select * from joined order by place_id
