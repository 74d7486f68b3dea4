-- The newest $4 quarantine rows of each reason that arrived over local days $1..$2
-- (inclusive) in the reporting time zone $3, with the raw payload cut to its first $5
-- characters and its full length. Ranked on (reason, seq) alone; the wide columns are read
-- for the chosen rows only.
with ranked as (
  select seq, row_number() over (partition by reason order by seq desc) as rn
  from quarantine
  where received_at >= cast((cast(cast($1 as date) as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
    and received_at < cast((cast(cast($2 as date) + 1 as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
),
chosen as (
  select seq from ranked where rn <= $4
)
select
  q.seq, q.received_at, q.quarantined_at, q.reason, q.detail, q.message_id, q.event_name,
  q.source, cast(q.replay_count as integer) as replay_count, q.resolved_at, q.resolution,
  substr(q.raw, 1, $5) as raw,
  cast(length(q.raw) as integer) as raw_length
from quarantine q
where q.seq in (select seq from chosen)
order by q.reason, q.seq desc
