-- Gross sales per local day and customer (user_key), before refunds: the incremental part
-- of fct_customer_daily.
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
        user_key,
        count(distinct order_id) as orders,
        cast(coalesce(sum(case when is_product then quantity end), 0) as bigint) as units,
        cast(coalesce(sum(case when is_product then line_revenue end), 0) as decimal(38, 4))
            as gross_revenue
    from lines
    group by date_key, user_key
)

select * from final
