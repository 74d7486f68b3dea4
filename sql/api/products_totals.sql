-- Product totals over local days $1..$2 (inclusive): products viewed (in a non-bot session
-- that started in the range), products sold (a product line on an order placed in the
-- range), units, and gross, refunded and net product revenue by order day (the refunds of
-- the range's orders, whenever they came: fct_product_daily's rule).
with

viewed as (
  select count(distinct product_id) as products_viewed
  from int_product_days
  where day between cast($1 as date) and cast($2 as date)
    and sessions_viewed > 0
),

gross as (
  select
    count(distinct product_id) as products_sold,
    sum(units) as units,
    sum(gross_revenue) as gross_revenue
  from int_star_product_daily
  where date_key between cast($1 as date) and cast($2 as date)
),

refunds as (
  select sum(r.refunded_revenue) as refunded_revenue
  from int_star_refund_allocations r
  join int_star_sales_lines s on s.order_id = r.order_id and s.line_no = r.line_no
  where s.date_key between cast($1 as date) and cast($2 as date)
    and s.is_product
)

select
  cast(viewed.products_viewed as integer) as products_viewed,
  cast(gross.products_sold as integer) as products_sold,
  cast(coalesce(gross.units, 0) as integer) as units,
  -- Typed zeros: a bare 0 prints as '0' on PostgreSQL, '0.0000' on DuckDB.
  cast(coalesce(gross.gross_revenue, cast(0 as decimal(18, 4))) as varchar) as gross_revenue,
  cast(coalesce(refunds.refunded_revenue, cast(0 as decimal(18, 4))) as varchar) as refunded_revenue,
  cast(
    coalesce(gross.gross_revenue, cast(0 as decimal(18, 4)))
      - coalesce(refunds.refunded_revenue, cast(0 as decimal(18, 4)))
    as varchar) as net_revenue
from viewed, gross, refunds
