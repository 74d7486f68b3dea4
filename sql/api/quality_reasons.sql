-- Quarantine rows per reason that arrived over local days $1..$2 (inclusive) in the
-- reporting time zone $3: all of them, the unresolved and the resolved (replayed into silver
-- since), how many were replayed at least once, and the first and last arrival (UTC).
select
  reason,
  cast(count(*) as integer) as events,
  cast(count(*) filter (where resolved_at is null) as integer) as unresolved,
  cast(count(resolved_at) as integer) as resolved,
  cast(count(*) filter (where replay_count > 0) as integer) as replayed,
  min(received_at) as first_at,
  max(received_at) as last_at
from quarantine
where received_at >= cast((cast(cast($1 as date) as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
  and received_at < cast((cast(cast($2 as date) + 1 as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
group by reason
order by events desc, reason
