-- An order is one order_id: a second order_completed with a stored order_id is a duplicate.
insert into silver_orders
select o.* from stage_orders o
where o.seq in (select seq from stage_events)
on conflict do nothing
returning seq
