-- Alerts raised by the monitor: one row per incident of one check, from the first bad
-- result until it clears (state 'open' -> 'resolved'). Common SQL; timestamps UTC.

create table if not exists ops_alerts (
  alert_id varchar primary key,
  check_name varchar not null,
  severity varchar not null,
  state varchar not null,
  title varchar not null,
  detail varchar not null,
  value double precision,
  unit varchar not null,
  opened_at timestamp not null,
  updated_at timestamp not null,
  resolved_at timestamp
);
