update quarantine
set reason = $2, detail = $3, replayed_at = $4, replay_count = replay_count + 1
where seq = $1
