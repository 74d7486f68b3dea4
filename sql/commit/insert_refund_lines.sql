insert into silver_refund_lines
select l.* from stage_refund_lines l
where l.seq in (select seq from stage_events)
