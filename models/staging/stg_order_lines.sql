-- The lines of each order; line_type other than 'product' marks shipping, fees, discounts
-- and manual adjustments, which are not product revenue.
with

source as (
    select * from {{ source('silver', 'order_lines') }}
    -- the run's snapshot: every model of a run reads the same silver
    where seq <= (select watermark_seq from {{ source('ops', 'run_context') }})
),

final as (
    select
        order_id,
        line_no,
        product_id,
        sku,
        name as product_name,
        category,
        brand,
        line_type,
        line_type = 'product' as is_product,
        price,
        quantity,
        line_revenue
    from source
)

select * from final
