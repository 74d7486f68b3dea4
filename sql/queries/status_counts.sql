select
  (select count(*) from silver_events) as silver_events,
  (select count(*) from silver_orders) as orders,
  (select count(*) from silver_refunds) as refunds,
  (select count(*) from silver_customer_traits) as traits,
  (select count(*) from quarantine where resolved_at is null) as quarantined,
  (select max(event_at) from silver_events) as newest_event_at,
  (select max(received_at) from silver_events) as newest_received_at
