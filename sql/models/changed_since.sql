-- The oldest business time among rows that reached silver after seq $1, or were replayed
-- from quarantine after $2: where an incremental model's window must open.
select least(
  (select min(event_at) from silver_events where seq > $1),
  (select min(ordered_at) from silver_orders where seq > $1),
  (select min(refunded_at) from silver_refunds where seq > $1),
  (select min(observed_at) from silver_customer_traits where seq > $1),
  (select min(e.event_at) from quarantine q join silver_events e on e.seq = q.seq where q.resolved_at >= $2),
  (select min(o.ordered_at) from quarantine q join silver_orders o on o.seq = q.seq where q.resolved_at >= $2),
  (select min(r.refunded_at) from quarantine q join silver_refunds r on r.seq = q.seq where q.resolved_at >= $2)
) as since
