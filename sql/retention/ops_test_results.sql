-- The test results of runs ops_runs.sql deleted. A run's ops_runs row is written before
-- any of its results, so a result without one belongs to a deleted run.
delete from ops_test_results
where not exists (select 1 from ops_runs r where r.run_id = ops_test_results.run_id)
