-- Model builds and data test runs started before $1 (UTC), except the newest run of each
-- kind: the dashboard and the health checks read the latest build and test results however
-- old they are. Their rows go with them (ops_model_runs.sql, ops_test_results.sql).
delete from ops_runs
where started_at < cast($1 as timestamp)
  and started_at < (select max(n.started_at) from ops_runs n where n.kind = ops_runs.kind)
