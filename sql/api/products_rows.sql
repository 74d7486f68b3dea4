-- One row per product with product events (int_product_days) or product-line sales
-- (int_star_product_daily) on local days $1..$2 (inclusive): names from dim_product, events
-- and session counts summed over the days (a session belongs to the day it started, so the
-- session counts add up), orders, units and revenue by order day with the refunds of those
-- orders booked against them (fct_product_daily's rule, read from its tables so only the
-- range's lines are touched), session-based rates and ranks over all the range's products.
-- Then filtered by $3 (case-insensitive text in the product id, name, category or brand;
-- '' = all), ordered by $4 (net_revenue, units, orders, views, view_to_order_rate; ties by
-- net revenue, then product id) and cut to $5 rows. `matching` = rows before the cut.
with

events as (
  select
    product_id,
    sum(views) as views,
    sum(add_to_carts) as add_to_carts,
    sum(sessions_viewed) as sessions_viewed,
    sum(sessions_added) as sessions_added,
    sum(sessions_ordered) as sessions_ordered,
    sum(sessions_viewed_added) as sessions_viewed_added,
    sum(sessions_viewed_ordered) as sessions_viewed_ordered,
    sum(sessions_added_ordered) as sessions_added_ordered,
    sum(sessions_cart_abandoned) as sessions_cart_abandoned
  from int_product_days
  where day between cast($1 as date) and cast($2 as date)
  group by product_id
),

gross as (
  select
    product_id,
    sum(orders) as orders,
    sum(units) as units,
    sum(gross_revenue) as gross_revenue
  from int_star_product_daily
  where date_key between cast($1 as date) and cast($2 as date)
  group by product_id
),

refunds as (
  select s.product_id, sum(r.refunded_revenue) as refunded_revenue
  from int_star_refund_allocations r
  join int_star_sales_lines s on s.order_id = r.order_id and s.line_no = r.line_no
  where s.date_key between cast($1 as date) and cast($2 as date)
    and s.is_product
  group by s.product_id
),

ids as (
  select product_id from events
  union
  select product_id from gross
),

joined as (
  select
    i.product_id,
    coalesce(p.product_name, i.product_id) as product_name,
    p.category,
    p.brand,
    coalesce(e.views, 0) as views,
    coalesce(e.add_to_carts, 0) as add_to_carts,
    coalesce(g.orders, 0) as orders,
    coalesce(g.units, 0) as units,
    -- A typed zero: a bare 0 prints as '0' on PostgreSQL, '0.0000' on DuckDB.
    coalesce(g.gross_revenue, cast(0 as decimal(18, 4))) as gross_revenue,
    coalesce(r.refunded_revenue, cast(0 as decimal(18, 4))) as refunded_revenue,
    coalesce(g.gross_revenue, cast(0 as decimal(18, 4)))
      - coalesce(r.refunded_revenue, cast(0 as decimal(18, 4))) as net_revenue,
    coalesce(e.sessions_viewed, 0) as sessions_viewed,
    coalesce(e.sessions_added, 0) as sessions_added,
    coalesce(e.sessions_ordered, 0) as sessions_ordered,
    coalesce(e.sessions_cart_abandoned, 0) as sessions_cart_abandoned,
    case when e.sessions_viewed > 0
      then cast(e.sessions_viewed_added as double precision) / e.sessions_viewed end as view_to_cart_rate,
    case when e.sessions_added > 0
      then cast(e.sessions_added_ordered as double precision) / e.sessions_added end as cart_to_order_rate,
    case when e.sessions_viewed > 0
      then cast(e.sessions_viewed_ordered as double precision) / e.sessions_viewed end as view_to_order_rate,
    case when e.sessions_added > 0
      then cast(e.sessions_cart_abandoned as double precision) / e.sessions_added end as cart_abandonment_rate
  from ids i
  left join events e on e.product_id = i.product_id
  left join gross g on g.product_id = i.product_id
  left join refunds r on r.product_id = i.product_id
  left join dim_product p on p.product_id = i.product_id
),

ranked as (
  select
    *,
    rank() over (order by net_revenue desc) as revenue_rank,
    rank() over (order by units desc) as units_rank
  from joined
),

matched as (
  select
    *,
    count(*) over () as matching,
    case when cast($4 as varchar) = 'units' then units end as sort_units,
    case when cast($4 as varchar) = 'orders' then orders end as sort_orders,
    case when cast($4 as varchar) = 'views' then views end as sort_views,
    case when cast($4 as varchar) = 'view_to_order_rate' then coalesce(view_to_order_rate, -1) end as sort_rate,
    net_revenue as sort_revenue
  from ranked
  where cast($3 as varchar) = ''
     or strpos(lower(product_id), lower(cast($3 as varchar))) > 0
     or strpos(lower(product_name), lower(cast($3 as varchar))) > 0
     or strpos(lower(coalesce(category, '')), lower(cast($3 as varchar))) > 0
     or strpos(lower(coalesce(brand, '')), lower(cast($3 as varchar))) > 0
)

select
  product_id,
  product_name,
  category,
  brand,
  cast(views as integer) as views,
  cast(add_to_carts as integer) as add_to_carts,
  cast(orders as integer) as orders,
  cast(units as integer) as units,
  cast(gross_revenue as varchar) as gross_revenue,
  cast(refunded_revenue as varchar) as refunded_revenue,
  cast(net_revenue as varchar) as net_revenue,
  cast(sessions_viewed as integer) as sessions_viewed,
  cast(sessions_added as integer) as sessions_added,
  cast(sessions_ordered as integer) as sessions_ordered,
  cast(sessions_cart_abandoned as integer) as sessions_cart_abandoned,
  view_to_cart_rate,
  cart_to_order_rate,
  view_to_order_rate,
  cart_abandonment_rate,
  cast(revenue_rank as integer) as revenue_rank,
  cast(units_rank as integer) as units_rank,
  cast(matching as integer) as matching
from matched
order by
  sort_units desc nulls last,
  sort_orders desc nulls last,
  sort_views desc nulls last,
  sort_rate desc nulls last,
  sort_revenue desc,
  product_id
limit cast($5 as integer)
