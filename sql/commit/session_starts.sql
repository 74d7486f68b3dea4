-- Live approximation of server-side sessions: an event starts a session when the same
-- user's previous event (in this batch, else the last one stored) is more than 30 minutes
-- older. Bots never start sessions, nor do adjustments (bookkeeping, not visits). The models
-- compute exact sessions from silver.
-- The batch's events are the silver rows whose seq is in stage_batch; $1..$2 bounds them
-- so the scan skips every other row group.
insert into stage_session_starts (seq)
with ev as (
  select
    e.seq,
    e.user_key,
    e.event_at,
    lag(e.event_at) over (partition by e.user_key order by e.event_at, e.seq) as prev_at
  from silver_events e
  where e.seq between $1 and $2
    and e.seq in (select seq from stage_batch)
    and not e.is_bot
    and e.event_type <> 'adjustment_recorded'
)
select ev.seq
from ev
left join user_last_seen u on u.user_key = ev.user_key
where coalesce(ev.prev_at, u.last_event_at) is null
   or ev.event_at > coalesce(ev.prev_at, u.last_event_at) + interval '30 minutes'
