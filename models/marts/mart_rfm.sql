-- RFM: one row per customer with at least one order. Recency = days from the local day of
-- the last order to as_of_day, frequency = orders, monetary = net product revenue. Each is
-- scored 1..5 by quintile of the customer's fractional rank, 5 = best (most recent, most
-- orders, most money):
--   score = ceil(5 * position / customers),  position = (low + high) / 2
-- with customers ordered worst first, low = 1 + customers strictly worse, high = customers
-- worse or equal. Without ties position is the plain rank (1..N); equal values share the
-- mean of the places they occupy, hence one score. Computed with integer comparisons
-- (no division), so every engine gives the same score. Segment by R+F+M: 13-15 Champion,
-- 10-12 Loyal, 7-9 Potential, 5-6 At Risk, 3-4 Lost.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

customers as (
    select * from {{ ref('int_customer_orders') }}
),

measured as (
    select
        cu.user_key,
        cu.last_order_day,
        cast(c.as_of_day - cu.last_order_day as integer) as recency_days,
        cu.orders as frequency,
        cu.net_revenue as monetary
    from customers cu
    cross join context c
),

-- Worst first: rank() is 1 + the customers strictly worse; count(*) over a range frame
-- up to the current row (its peers included) is the customers worse or equal.
ranked as (
    select
        *,
        rank() over (order by recency_days desc) as recency_low,
        count(*) over (
            order by recency_days desc range between unbounded preceding and current row
        ) as recency_high,
        rank() over (order by frequency) as frequency_low,
        count(*) over (
            order by frequency range between unbounded preceding and current row
        ) as frequency_high,
        rank() over (order by monetary) as monetary_low,
        count(*) over (
            order by monetary range between unbounded preceding and current row
        ) as monetary_high,
        count(*) over () as customers
    from measured
),

scored as (
    select
        user_key,
        last_order_day,
        recency_days,
        frequency,
        monetary,
        cast(case
            when 5 * (recency_low + recency_high) <= 2 * customers then 1
            when 5 * (recency_low + recency_high) <= 4 * customers then 2
            when 5 * (recency_low + recency_high) <= 6 * customers then 3
            when 5 * (recency_low + recency_high) <= 8 * customers then 4
            else 5
        end as integer) as r_score,
        cast(case
            when 5 * (frequency_low + frequency_high) <= 2 * customers then 1
            when 5 * (frequency_low + frequency_high) <= 4 * customers then 2
            when 5 * (frequency_low + frequency_high) <= 6 * customers then 3
            when 5 * (frequency_low + frequency_high) <= 8 * customers then 4
            else 5
        end as integer) as f_score,
        cast(case
            when 5 * (monetary_low + monetary_high) <= 2 * customers then 1
            when 5 * (monetary_low + monetary_high) <= 4 * customers then 2
            when 5 * (monetary_low + monetary_high) <= 6 * customers then 3
            when 5 * (monetary_low + monetary_high) <= 8 * customers then 4
            else 5
        end as integer) as m_score
    from ranked
),

final as (
    select
        *,
        r_score + f_score + m_score as rfm_total,
        cast(r_score as varchar) || cast(f_score as varchar) || cast(m_score as varchar)
            as rfm_cell,
        case
            when r_score + f_score + m_score >= 13 then 'Champion'
            when r_score + f_score + m_score >= 10 then 'Loyal'
            when r_score + f_score + m_score >= 7 then 'Potential'
            when r_score + f_score + m_score >= 5 then 'At Risk'
            else 'Lost'
        end as rfm_segment
    from scored
)

select * from final
