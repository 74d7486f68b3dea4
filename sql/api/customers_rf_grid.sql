-- Recency x frequency grid of mart_rfm: customers and their average net revenue (monetary)
-- per r_score and f_score (1..5, 5 = most recent / most orders); cells without customers are
-- absent.
select
  cast(r_score as integer) as r_score,
  cast(f_score as integer) as f_score,
  cast(count(*) as integer) as customers,
  -- Half away from zero, exact on both engines (migration 006).
  cast(money_average(sum(monetary), count(*)) as varchar) as average_monetary,
  cast(min(recency_days) as integer) as min_recency_days,
  cast(max(recency_days) as integer) as max_recency_days,
  cast(min(frequency) as integer) as min_frequency,
  cast(max(frequency) as integer) as max_frequency
from mart_rfm
group by r_score, f_score
order by r_score, f_score
