-- The last event time of each user, which live session starts compare with: bots and
-- adjustments (not visits) excluded. In key order, so concurrent commits lock users in the
-- same order.
insert into user_last_seen (user_key, last_event_at)
select user_key, max(event_at)
from silver_events
where seq between $1 and $2 and seq in (select seq from stage_batch) and not is_bot
  and event_type <> 'adjustment_recorded'
group by user_key
order by user_key
on conflict (user_key) do update
set last_event_at = greatest(user_last_seen.last_event_at, excluded.last_event_at)
