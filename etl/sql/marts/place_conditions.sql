-- one row per fundamental condition a source states for a place
select c.*, k.subarea from staging.place_conditions c join staging.key_features k using (feature_id) order by place_id, feature_id
