insert into stage_batch select seq from stage_events
