-- The newest $1 alerts, open or resolved, newest first.
select * from ops_alerts order by opened_at desc, alert_id desc limit $1
