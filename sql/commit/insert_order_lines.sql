insert into silver_order_lines
select l.* from stage_order_lines l
where l.seq in (select seq from stage_events)
