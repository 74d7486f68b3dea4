-- The batch's orders whose order_id is already in silver: a second order_completed for an
-- order is a duplicate even under a new messageId.
select k.seq from stage_keys k
where k.order_id in (select order_id from silver_orders)
