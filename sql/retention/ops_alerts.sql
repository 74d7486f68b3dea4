-- Alerts resolved before $1 (UTC); open alerts stay however old.
delete from ops_alerts where state = 'resolved' and resolved_at < cast($1 as timestamp)
