delete from stage_events where seq in (select seq from stage_drop)
