-- What became of one import's log records (seq $1 to $2): events stored in silver, and the
-- quarantine rows by reason (duplicates included).
select 'stored' as outcome, count(*) as n
from silver_events
where seq between $1 and $2
union all
select reason as outcome, count(*) as n
from quarantine
where seq between $1 and $2
group by reason
