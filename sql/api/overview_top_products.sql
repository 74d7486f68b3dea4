-- The $3 products with the most net revenue over local days $1..$2.
select
  f.product_id,
  coalesce(p.product_name, f.product_id) as product_name,
  cast(sum(f.units) as integer) as units,
  cast(sum(f.net_revenue) as varchar) as net_revenue
from fct_product_daily f
left join dim_product p on p.product_id = f.product_id
where f.date_key between cast($1 as date) and cast($2 as date)
group by 1, 2
order by sum(f.net_revenue) desc, f.product_id
limit $3
