-- Net revenue and units per local order day $1..$2 (inclusive) of the $3 products with the
-- most net revenue over those days (ties: product id). Refunds are booked against the order
-- day, as fct_product_daily does; read from its tables so only the range's lines are touched.
-- Days on which a product sold nothing are absent; total_net_revenue is the product's sum.
with

refunds as (
  select s.date_key, s.product_id, sum(r.refunded_revenue) as refunded_revenue
  from int_star_refund_allocations r
  join int_star_sales_lines s on s.order_id = r.order_id and s.line_no = r.line_no
  where s.date_key between cast($1 as date) and cast($2 as date)
    and s.is_product
  group by s.date_key, s.product_id
),

daily as (
  select
    g.date_key,
    g.product_id,
    g.units,
    g.gross_revenue - coalesce(r.refunded_revenue, cast(0 as decimal(18, 4))) as net_revenue
  from int_star_product_daily g
  left join refunds r on r.date_key = g.date_key and r.product_id = g.product_id
  where g.date_key between cast($1 as date) and cast($2 as date)
),

top as (
  select product_id, sum(net_revenue) as total
  from daily
  group by product_id
  order by total desc, product_id
  limit cast($3 as integer)
)

select
  d.product_id,
  coalesce(p.product_name, d.product_id) as product_name,
  cast(d.date_key as varchar) as day,
  cast(d.units as integer) as units,
  cast(d.net_revenue as varchar) as net_revenue,
  cast(t.total as varchar) as total_net_revenue
from daily d
join top t on t.product_id = d.product_id
left join dim_product p on p.product_id = d.product_id
order by t.total desc, d.product_id, d.date_key
