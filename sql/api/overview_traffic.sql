-- Non-bot events per UTC minute from $1 to $2 (UTC), with the spike rule's threshold and flag.
select minute, cast(events as integer) as events, cast(orders as integer) as orders,
  spike_threshold, is_spike
from mart_traffic_minutes
where minute >= cast($1 as timestamp) and minute <= cast($2 as timestamp)
order by minute
