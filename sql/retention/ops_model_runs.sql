-- The per-model rows of runs ops_runs.sql deleted. A run's ops_runs row is written before
-- any of its rows, so a row without one belongs to a deleted run.
delete from ops_model_runs
where not exists (select 1 from ops_runs r where r.run_id = ops_model_runs.run_id)
