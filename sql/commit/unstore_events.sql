delete from silver_events where seq in (select seq from stage_drop)
