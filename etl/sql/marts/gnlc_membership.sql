-- one row per GNLC member city (Chinese and Thai)
select * from staging.gnlc_membership order by country_iso, city_en
