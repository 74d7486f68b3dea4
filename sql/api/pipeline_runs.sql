-- The newest $1 runs of the model runner (kind 'models': a model build; kind 'tests': a data
-- test run), newest first. For a test run succeeded = passed, failed = failed or errored,
-- skipped = warned. Instants UTC; finished_at is null while a run is going.
select
  run_id, kind, trigger, started_at, finished_at, status,
  cast(selected as integer) as selected,
  cast(succeeded as integer) as succeeded,
  cast(failed as integer) as failed,
  cast(skipped as integer) as skipped,
  error
from ops_runs
order by started_at desc, run_id desc
limit $1
