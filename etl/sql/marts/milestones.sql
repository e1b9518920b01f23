-- one row per dated event of a place
select * from staging.milestones order by date_text, place_id
