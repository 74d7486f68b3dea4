-- The session-level funnel: one row per server-side session (int_sessions), with the
-- furthest funnel step reached in order inside the session (the session is the window).
-- Step 1 is the session's first page view; step k is the first step-k event at or after
-- the time step k-1 was reached. A session without a page view has reached_step 0 and does
-- not enter the funnel. The breakdown attributes are the session's (from its first event).
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

sessions as (
    select
        session_id,
        user_key,
        session_start,
        session_end,
        session_day,
        device_type,
        traffic_source,
        country
    from {{ ref('int_sessions') }}
    where session_start >= (select window_start from context)
),

-- A session's events are at or after its start, so the window start is enough. (An OR of
-- equalities: DuckDB planned the IN list here as a slower mark join.)
events as (
    select user_key, event_type, event_at
    from {{ ref('stg_events') }}
    where not is_bot
      and (
          event_type = 'page_view'
          or event_type = 'product_viewed'
          or event_type = 'product_added'
          or event_type = 'checkout_started'
          or event_type = 'order_completed'
      )
      and event_at >= (select window_start from context)
),

session_events as (
    select s.session_id, e.event_type, e.event_at
    from sessions s
    join events e
      on e.user_key = s.user_key
     and e.event_at >= s.session_start
     and e.event_at <= s.session_end
),

step_1 as (
    select session_id, min(event_at) as step_1_at
    from session_events
    where event_type = 'page_view'
    group by session_id
),

step_2 as (
    select e.session_id, min(e.event_at) as step_2_at
    from session_events e
    join step_1 s on s.session_id = e.session_id
    where e.event_type = 'product_viewed'
      and e.event_at >= s.step_1_at
    group by e.session_id
),

step_3 as (
    select e.session_id, min(e.event_at) as step_3_at
    from session_events e
    join step_2 s on s.session_id = e.session_id
    where e.event_type = 'product_added'
      and e.event_at >= s.step_2_at
    group by e.session_id
),

step_4 as (
    select e.session_id, min(e.event_at) as step_4_at
    from session_events e
    join step_3 s on s.session_id = e.session_id
    where e.event_type = 'checkout_started'
      and e.event_at >= s.step_3_at
    group by e.session_id
),

step_5 as (
    select e.session_id, min(e.event_at) as step_5_at
    from session_events e
    join step_4 s on s.session_id = e.session_id
    where e.event_type = 'order_completed'
      and e.event_at >= s.step_4_at
    group by e.session_id
),

final as (
    select
        s.session_id,
        s.user_key,
        s.session_start,
        s.session_end,
        s.session_day,
        s.device_type,
        s.traffic_source,
        s.country,
        s1.step_1_at,
        s2.step_2_at,
        s3.step_3_at,
        s4.step_4_at,
        s5.step_5_at,
        case
            when s5.step_5_at is not null then 5
            when s4.step_4_at is not null then 4
            when s3.step_3_at is not null then 3
            when s2.step_2_at is not null then 2
            when s1.step_1_at is not null then 1
            else 0
        end as reached_step
    from sessions s
    left join step_1 s1 on s1.session_id = s.session_id
    left join step_2 s2 on s2.session_id = s.session_id
    left join step_3 s3 on s3.session_id = s.session_id
    left join step_4 s4 on s4.session_id = s.session_id
    left join step_5 s5 on s5.session_id = s.session_id
)

select * from final
