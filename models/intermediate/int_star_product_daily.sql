-- Gross sales per local day and product (product lines only), before refunds: the
-- incremental part of fct_product_daily.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

lines as (
    select *
    from {{ ref('int_star_sales_lines') }}
    where is_product
      and ordered_at >= (select window_day_start from context)
),

final as (
    select
        date_key,
        product_id,
        count(distinct order_id) as orders,
        count(distinct user_key) as customers,
        cast(sum(quantity) as bigint) as units,
        cast(sum(line_revenue) as decimal(38, 4)) as gross_revenue
    from lines
    group by date_key, product_id
)

select * from final
