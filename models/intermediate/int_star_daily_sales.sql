-- Gross sales per local day, country and payment method, before refunds: the incremental
-- part of fct_daily_sales. A day is rebuilt when any of its orders is in the window.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

lines as (
    select *
    from {{ ref('int_star_sales_lines') }}
    where ordered_at >= (select window_day_start from context)
),

final as (
    select
        date_key,
        country,
        payment_method,
        count(distinct order_id) as orders,
        count(distinct user_key) as customers,
        cast(coalesce(sum(case when is_product then quantity end), 0) as bigint) as units,
        cast(coalesce(sum(case when is_product then line_revenue end), 0) as decimal(38, 4))
            as gross_revenue,
        cast(coalesce(sum(case when not is_product then line_revenue end), 0) as decimal(38, 4))
            as non_product_revenue
    from lines
    group by date_key, country, payment_method
)

select * from final
