-- The customer base as of the last model run, in one pass over mart_customers (no
-- parameters). Grouping sets give three kinds of rows (`kind`):
--   total  all users seen: customers (users with an order), repeat customers (2 or more
--          orders), hot leads, and the snapshot's time (ops_run_context.as_of, UTC), its local
--          day and the estimated value of the hot leads' carts (mart_hot_leads);
--   stage  per lifecycle stage;
--   tier   per value tier.
-- Every row: users, customers, their lifetime value (net product revenue; 0 for users
-- without orders), its average over the customers, and the mean purchase propensity.
with context as (
  select as_of, as_of_day from ops_run_context order by as_of desc limit 1
),
groups as (
  select
    case
      when grouping(lifecycle_stage) = 0 then 'stage'
      when grouping(value_tier) = 0 then 'tier'
      else 'total'
    end as kind,
    coalesce(lifecycle_stage, value_tier) as name,
    count(*) as users,
    count(*) filter (where orders > 0) as customers,
    count(*) filter (where orders >= 2) as repeat_customers,
    count(*) filter (where is_hot_lead) as hot_leads,
    sum(lifetime_value) as lifetime_value,
    avg(propensity_score) as average_propensity
  from mart_customers
  group by grouping sets ((lifecycle_stage), (value_tier), ())
)
select
  g.kind,
  g.name,
  cast(g.users as integer) as users,
  cast(g.customers as integer) as customers,
  cast(g.repeat_customers as integer) as repeat_customers,
  case when g.customers > 0 then cast(g.repeat_customers as double precision) / g.customers end as repeat_rate,
  cast(g.hot_leads as integer) as hot_leads,
  -- Typed zeros: a bare 0 prints as '0' on PostgreSQL, '0.0000' on DuckDB.
  cast(coalesce(g.lifetime_value, cast(0 as decimal(18, 4))) as varchar) as lifetime_value,
  -- Half away from zero, exact on both engines (migration 006).
  cast(money_average(g.lifetime_value, g.customers) as varchar) as average_ltv,
  -- Six places: the engines add floats in different orders (last digits differ).
  cast(g.average_propensity as decimal(18, 6)) as average_propensity,
  case when g.kind = 'total'
    then cast(coalesce((select sum(cart_value) from mart_hot_leads), cast(0 as decimal(18, 4))) as varchar)
  end as hot_lead_cart_value,
  x.as_of,
  cast(x.as_of_day as varchar) as as_of_day
from groups g
left join context x on true
