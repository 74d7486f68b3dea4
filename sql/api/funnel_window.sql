-- The configured conversion window in hours (models.funnelWindowHours), as the last model
-- run recorded it: the window int_funnel_users was built with. No row before the first run.
select cast(funnel_window_hours as integer) as funnel_window_hours
from ops_run_context
