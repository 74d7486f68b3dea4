-- Events stored in silver that arrived from $1 (inclusive) to $2 (exclusive), UTC.
select cast(count(*) as bigint) as n
from silver_events
where received_at >= cast($1 as timestamp) and received_at < cast($2 as timestamp)
