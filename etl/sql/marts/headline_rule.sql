-- one row per ranked basis (per country) or quality flag of the headline rule
select * from staging.headline_rule order by kind, country_iso, rank
