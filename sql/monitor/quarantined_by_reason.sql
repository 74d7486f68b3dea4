-- Records quarantined per reason that arrived from $1 (inclusive) to $2 (exclusive), UTC,
-- resolved ones included: a replay fixing them later does not undo the bad arrival.
select reason, cast(count(*) as bigint) as n
from quarantine
where received_at >= cast($1 as timestamp) and received_at < cast($2 as timestamp)
group by reason
order by reason
