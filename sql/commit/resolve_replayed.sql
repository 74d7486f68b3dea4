-- Replay: a quarantined event now stored is resolved; one whose messageId was stored
-- meanwhile is resolved as a duplicate. $1 = now.
update quarantine
set resolved_at = $1,
    replayed_at = $1,
    replay_count = replay_count + 1,
    resolution = case when seq in (select seq from stage_batch) then 'replayed'
                      else 'duplicate' end
where seq in (select seq from stage_resolve)
