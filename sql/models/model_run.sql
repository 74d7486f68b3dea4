insert into ops_model_runs
  (run_id, model, materialized, mode, started_at, duration_ms, status, rows_affected, window_start, error)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
