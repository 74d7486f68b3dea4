-- RFM segments (mart_rfm, customers with at least one order), present ones only: customers,
-- their share of all customers, total and average net revenue (monetary), its share of all
-- customers' net revenue, average recency (days since the last order) and frequency (orders).
select
  rfm_segment as segment,
  cast(count(*) as integer) as customers,
  cast(count(*) as double precision) / sum(count(*)) over () as customer_share,
  cast(sum(monetary) as varchar) as monetary,
  -- Half away from zero, exact on both engines (migration 006).
  cast(money_average(sum(monetary), count(*)) as varchar) as average_monetary,
  case
    when sum(sum(monetary)) over () > 0
      then cast(sum(monetary) as double precision) / cast(sum(sum(monetary)) over () as double precision)
  end as monetary_share,
  avg(cast(recency_days as double precision)) as average_recency_days,
  avg(cast(frequency as double precision)) as average_frequency,
  cast(min(rfm_total) as integer) as min_total,
  cast(max(rfm_total) as integer) as max_total
from mart_rfm
group by rfm_segment
