insert into user_last_seen (user_key, last_event_at)
select user_key, max(event_at) from stage_events where not is_bot group by user_key
on conflict (user_key) do update
set last_event_at = greatest(user_last_seen.last_event_at, excluded.last_event_at)
