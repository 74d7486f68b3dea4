-- Every model of run $1: how it was built (mode full, incremental, view or unchanged), its
-- rows, duration, status and error, slowest first.
select
  model, materialized, mode, started_at,
  cast(duration_ms as integer) as duration_ms,
  status,
  cast(rows_affected as bigint) as rows_affected,
  window_start,
  error
from ops_model_runs
where run_id = $1
order by duration_ms desc, model
