-- The latest result of each data test among the last 20 test runs, with, for a failing
-- test, since when it has failed: its first fail or error after its last pass or warn,
-- looking back at most 30 days (a test failing longer shows the oldest failure in them).
-- All instants UTC.
with runs as (
  select run_id from ops_runs where kind = 'tests' order by started_at desc, run_id desc limit 20
),
ranked as (
  select t.*, row_number() over (partition by test_name order by started_at desc, run_id desc) as rn
  from ops_test_results t
  where t.run_id in (select run_id from runs)
),
latest as (
  select * from ranked where rn = 1
),
history as (
  select h.test_name, h.status, h.started_at
  from ops_test_results h
  where h.test_name in (select test_name from latest where status in ('fail', 'error'))
    and h.started_at >= (select max(started_at) from latest) - interval '30 days'
),
last_ok as (
  select test_name, max(started_at) as ok_at
  from history
  where status in ('pass', 'warn')
  group by test_name
),
streak as (
  select h.test_name, min(h.started_at) as failing_since
  from history h
  left join last_ok o on o.test_name = h.test_name
  where h.status in ('fail', 'error') and (o.ok_at is null or h.started_at > o.ok_at)
  group by h.test_name
)
select
  k.run_id, k.test_name, k.model, k.column_name, k.test_type, k.severity, k.status,
  cast(k.failures as bigint) as failures, k.sample, k.error, k.started_at,
  cast(k.duration_ms as integer) as duration_ms,
  s.failing_since
from latest k
left join streak s on s.test_name = k.test_name
order by
  case k.status when 'error' then 0 when 'fail' then 1 when 'warn' then 2 else 3 end,
  k.model, k.test_name
