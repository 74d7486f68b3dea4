-- Every accepted event (bots included and flagged), one row per message_id, with its local
-- day and the context it came with. Incremental on event_at. Customer traits are not copied
-- here: join dim_customer on user_key and valid_from <= event_at < valid_to.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

events as (
    select *
    from {{ ref('stg_events') }}
    where event_at >= (select window_start from context)
),

final as (
    select
        message_id,
        event_at,
        event_day as date_key,
        user_key,
        user_id,
        event_type,
        product_id,
        order_id,
        device_type,
        traffic_source,
        country,
        is_bot
    from events
)

select * from final
