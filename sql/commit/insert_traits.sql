insert into silver_customer_traits
select t.* from stage_customer_traits t
where t.seq in (select seq from stage_events)
