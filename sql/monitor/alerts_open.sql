-- The open alerts, one per check at most.
select * from ops_alerts where state = 'open' order by opened_at
