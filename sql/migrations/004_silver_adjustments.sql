-- The lines of adjustment_recorded events: stock moves, bad debt, free lines, unmatched
-- cancellations, non-product credits and duplicate lines, kept apart from orders and
-- refunds. Price and quantity are signed; amount = price x quantity.
-- Common SQL: runs unchanged on DuckDB and PostgreSQL. Timestamps are UTC wall time.

create table if not exists silver_adjustment_lines (
  seq bigint not null,
  line_no integer not null,
  message_id varchar not null,
  adjustment_id varchar not null,
  kind varchar not null,
  adjusted_at timestamp not null,
  user_key varchar not null,
  product_id varchar not null,
  name varchar,
  price decimal(18, 4) not null,
  quantity integer not null,
  amount decimal(18, 4) not null,
  currency varchar,
  reason varchar,
  primary key (seq, line_no)
);
