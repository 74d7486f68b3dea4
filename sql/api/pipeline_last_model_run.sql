-- The newest finished model build (kind 'models'), and the current streak of failed builds:
-- how many failed since the last successful one and when the first of them started (UTC).
with last_run as (
  select run_id, started_at, finished_at, status, selected, succeeded, failed, skipped
  from ops_runs
  where kind = 'models' and status <> 'running'
  order by started_at desc, run_id desc
  limit 1
),
last_ok as (
  select max(started_at) as ok_at from ops_runs where kind = 'models' and status = 'success'
),
streak as (
  select cast(count(*) as integer) as failed_runs, min(r.started_at) as failing_since
  from ops_runs r, last_ok o
  where r.kind = 'models' and r.status = 'error' and (o.ok_at is null or r.started_at > o.ok_at)
)
select
  l.run_id, l.started_at, l.finished_at, l.status,
  cast(l.selected as integer) as selected,
  cast(l.succeeded as integer) as succeeded,
  cast(l.failed as integer) as failed,
  cast(l.skipped as integer) as skipped,
  s.failed_runs, s.failing_since
from last_run l, streak s
