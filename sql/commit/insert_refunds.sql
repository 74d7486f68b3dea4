insert into silver_refunds
select r.* from stage_refunds r
where r.seq in (select seq from stage_events)
