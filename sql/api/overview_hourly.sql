-- Net product revenue and orders per local hour of day $1 and of the same weekday a week
-- before; $2 = the reporting time zone. Hours without orders are absent.
select
  cast(date_key as varchar) as day,
  cast(extract(hour from cast((ordered_at at time zone 'UTC') at time zone $2 as timestamp)) as integer) as hour,
  cast(sum(net_revenue) as varchar) as net_revenue,
  cast(count(distinct order_id) as integer) as orders
from fct_sales
where date_key in (cast($1 as date), cast($1 as date) - 7) and is_product
group by 1, 2
order by 1, 2
