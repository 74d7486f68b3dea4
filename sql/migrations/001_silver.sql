-- Silver layer, quarantine, live counters and checkpoints.
-- Common SQL: runs unchanged on DuckDB and PostgreSQL. Timestamps are UTC wall time.

create table if not exists silver_events (
  seq bigint not null,
  message_id varchar primary key,
  type varchar not null,
  event_type varchar not null,
  user_id varchar,
  anonymous_id varchar,
  user_key varchar not null,
  event_at timestamp not null,
  received_at timestamp not null,
  sent_at timestamp,
  original_at timestamp,
  client_session_id varchar,
  page_url varchar,
  page_path varchar,
  page_referrer varchar,
  page_title varchar,
  utm_source varchar,
  utm_medium varchar,
  utm_campaign varchar,
  utm_term varchar,
  utm_content varchar,
  device_type varchar not null,
  browser varchar,
  os varchar,
  is_bot boolean not null,
  locale varchar,
  timezone varchar,
  country varchar,
  ip varchar,
  product_id varchar,
  product_name varchar,
  category varchar,
  brand varchar,
  price decimal(18, 4),
  quantity integer,
  order_id varchar,
  currency varchar,
  search_query varchar,
  properties varchar,
  write_key_id varchar not null,
  request_id varchar not null,
  source varchar not null
);

create table if not exists silver_orders (
  order_id varchar primary key,
  seq bigint not null,
  message_id varchar not null,
  user_id varchar,
  anonymous_id varchar,
  user_key varchar not null,
  ordered_at timestamp not null,
  currency varchar not null,
  revenue decimal(18, 4) not null,
  non_product_revenue decimal(18, 4) not null,
  tax decimal(18, 4) not null,
  shipping decimal(18, 4) not null,
  discount decimal(18, 4) not null,
  total decimal(18, 4) not null,
  payment_method varchar,
  line_count integer not null,
  units integer not null
);

create table if not exists silver_order_lines (
  order_id varchar not null,
  line_no integer not null,
  seq bigint not null,
  product_id varchar not null,
  sku varchar,
  name varchar,
  category varchar,
  brand varchar,
  line_type varchar not null,
  price decimal(18, 4) not null,
  quantity integer not null,
  line_revenue decimal(18, 4) not null,
  primary key (order_id, line_no)
);

create table if not exists silver_refunds (
  seq bigint primary key,
  message_id varchar not null,
  order_id varchar not null,
  kind varchar not null,
  refunded_at timestamp not null,
  amount decimal(18, 4),
  total decimal(18, 4),
  currency varchar,
  reason varchar,
  user_key varchar not null,
  line_count integer not null
);

create table if not exists silver_refund_lines (
  seq bigint not null,
  line_no integer not null,
  order_id varchar not null,
  product_id varchar not null,
  price decimal(18, 4) not null,
  quantity integer not null,
  amount decimal(18, 4) not null,
  primary key (seq, line_no)
);

create table if not exists silver_customer_traits (
  seq bigint primary key,
  message_id varchar not null,
  user_id varchar,
  anonymous_id varchar,
  user_key varchar not null,
  observed_at timestamp not null,
  email varchar,
  name varchar,
  country varchar,
  city varchar,
  segment varchar,
  traits varchar not null
);

create table if not exists quarantine (
  seq bigint primary key,
  quarantined_at timestamp not null,
  received_at timestamp not null,
  reason varchar not null,
  detail varchar not null,
  message_id varchar,
  event_name varchar,
  write_key_id varchar not null,
  request_id varchar not null,
  source varchar not null,
  batch_sent_at varchar,
  raw varchar not null,
  replay_count integer not null default 0,
  replayed_at timestamp,
  resolved_at timestamp,
  resolution varchar
);

create table if not exists live_counters (
  grain varchar not null,
  bucket_at timestamp not null,
  event_type varchar not null,
  events bigint not null,
  sessions_started bigint not null,
  orders bigint not null,
  -- sums of many events: wider than a single amount
  gross_revenue decimal(38, 4) not null,
  refunds decimal(38, 4) not null,
  primary key (grain, bucket_at, event_type)
);

create table if not exists user_last_seen (
  user_key varchar primary key,
  last_event_at timestamp not null
);

create table if not exists checkpoints (
  consumer varchar primary key,
  seq bigint not null,
  updated_at timestamp not null
);
