-- Ops tables of the model runner: every run, every model's state, every data test result.
-- Common SQL: runs unchanged on DuckDB and PostgreSQL. Timestamps are UTC wall time.

create table if not exists ops_runs (
  run_id varchar primary key,
  kind varchar not null,
  trigger varchar not null,
  started_at timestamp not null,
  finished_at timestamp,
  status varchar not null,
  selected integer not null,
  succeeded integer not null default 0,
  failed integer not null default 0,
  skipped integer not null default 0,
  error varchar
);

create table if not exists ops_model_runs (
  run_id varchar not null,
  model varchar not null,
  materialized varchar not null,
  mode varchar not null,
  started_at timestamp not null,
  duration_ms integer not null,
  status varchar not null,
  rows_affected bigint,
  window_start timestamp,
  error varchar,
  primary key (run_id, model)
);

create table if not exists ops_model_state (
  model varchar primary key,
  sql_hash varchar not null,
  watermark_seq bigint not null,
  succeeded_at timestamp not null
);

create table if not exists ops_test_results (
  run_id varchar not null,
  test_name varchar not null,
  model varchar not null,
  column_name varchar,
  test_type varchar not null,
  severity varchar not null,
  status varchar not null,
  failures bigint not null,
  sample varchar,
  error varchar,
  started_at timestamp not null,
  duration_ms integer not null,
  primary key (run_id, test_name)
);

-- One row, rewritten before each model: what the models read through
-- {{ source('ops', 'run_context') }} (reporting zone, incremental window, settings, now,
-- and watermark_seq: the staging models read silver up to it, so every model of a run sees
-- the same silver even while the processor commits).
create table if not exists ops_run_context (
  watermark_seq bigint not null,
  as_of timestamp not null,
  as_of_day date not null,
  report_tz varchar not null,
  window_start timestamp not null,
  window_day date not null,
  window_day_start timestamp not null,
  session_gap_minutes integer not null,
  funnel_window_hours integer not null,
  hot_lead_days integer not null
);
