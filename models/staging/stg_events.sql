-- Every accepted event, renamed and typed, with its local time in the reporting zone and
-- the traffic source it came from (UTM source, else the referrer's host, else direct).
with

source as (
    select
        *,
        nullif(lower(split_part(split_part(page_referrer, '://', 2), '/', 1)), '') as referrer_host,
        nullif(lower(split_part(split_part(page_url, '://', 2), '/', 1)), '') as page_host
    from {{ source('silver', 'events') }}
    -- the run's snapshot: every model of a run reads the same silver
    where seq <= (select watermark_seq from {{ source('ops', 'run_context') }})
),

context as (
    select report_tz from {{ source('ops', 'run_context') }}
),

final as (
    select
        s.message_id,
        s.seq,
        s.type,
        s.event_type,
        s.user_key,
        s.user_id,
        s.anonymous_id,
        s.event_at,
        cast((s.event_at at time zone 'UTC') at time zone c.report_tz as timestamp) as event_local_at,
        cast((s.event_at at time zone 'UTC') at time zone c.report_tz as date) as event_day,
        s.received_at,
        s.client_session_id,
        s.page_path,
        s.page_referrer,
        lower(s.utm_source) as utm_source,
        lower(s.utm_medium) as utm_medium,
        s.utm_campaign,
        -- A referrer on the shop's own host is navigation, not a source.
        coalesce(
            lower(s.utm_source),
            case
                when s.referrer_host <> coalesce(s.page_host, '') then s.referrer_host
            end,
            'direct'
        ) as traffic_source,
        s.device_type,
        s.browser,
        s.os,
        s.is_bot,
        coalesce(s.country, 'unknown') as country,
        s.product_id,
        s.product_name,
        s.category,
        s.brand,
        s.price,
        s.quantity,
        s.order_id,
        s.currency,
        s.search_query
    from source s
    cross join context c
)

select * from final
