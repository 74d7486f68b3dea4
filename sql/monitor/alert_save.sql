-- Inserts an alert or updates it as it escalates, de-escalates, changes or resolves.
insert into ops_alerts
  (alert_id, check_name, severity, state, title, detail, value, unit, opened_at, updated_at, resolved_at)
values ($1, $2, $3, $4, $5, $6, $7, $8, cast($9 as timestamp), cast($10 as timestamp), cast($11 as timestamp))
on conflict (alert_id) do update set
  severity = excluded.severity,
  state = excluded.state,
  title = excluded.title,
  detail = excluded.detail,
  value = excluded.value,
  updated_at = excluded.updated_at,
  resolved_at = excluded.resolved_at
