-- At-least-once delivery: the batch's records (all their seqs are in stage_keys) that an
-- earlier delivery already committed, as a silver event or as a quarantine row. $1..$2
-- bound the batch's seqs, so both engines read only that range of silver (an index range
-- on PostgreSQL, row groups skipped by zone maps on DuckDB).
select e.seq from silver_events e
where e.seq between $1 and $2 and e.seq in (select seq from stage_keys)
union
select q.seq from quarantine q
where q.seq between $1 and $2 and q.seq in (select seq from stage_keys)
