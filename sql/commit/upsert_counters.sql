-- Live gold counters per second and per minute of event time, by event type, from the
-- batch's silver rows (seq in stage_batch, bounded by $1..$2). Late events add to their own
-- (older) buckets. Refunds take back product revenue: the refunded lines, or without
-- lines the whole order's revenue. Adjustments count as events only: they have no order
-- or refund row, so they never move orders or revenue. Rows go in key order, so concurrent
-- commits (several processors on PostgreSQL) lock shared buckets in the same order.
insert into live_counters
  (grain, bucket_at, event_type, events, sessions_started, orders, gross_revenue, refunds)
select
  g.grain,
  case when g.grain = 'second' then date_trunc('second', e.event_at)
       else date_trunc('minute', e.event_at) end as bucket_at,
  e.event_type,
  count(*),
  count(s.seq),
  count(o.seq),
  coalesce(sum(o.revenue), 0),
  coalesce(sum(r.amount), 0)
from silver_events e
cross join (values ('second'), ('minute')) as g (grain)
left join stage_session_starts s on s.seq = e.seq
left join silver_orders o on o.seq = e.seq and o.seq between $1 and $2
left join (
  select sr.seq, coalesce(sr.amount, so.revenue, 0) as amount
  from silver_refunds sr
  left join silver_orders so on so.order_id = sr.order_id
  where sr.seq between $1 and $2
) r on r.seq = e.seq
where e.seq between $1 and $2 and e.seq in (select seq from stage_batch)
group by 1, 2, 3
order by 1, 2, 3
on conflict (grain, bucket_at, event_type) do update set
  events = live_counters.events + excluded.events,
  sessions_started = live_counters.sessions_started + excluded.sessions_started,
  orders = live_counters.orders + excluded.orders,
  gross_revenue = live_counters.gross_revenue + excluded.gross_revenue,
  refunds = live_counters.refunds + excluded.refunds
