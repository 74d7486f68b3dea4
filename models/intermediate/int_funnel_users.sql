-- The user-level funnel: one row per user and local entry day. The user enters at their
-- first non-bot page view of the day (step 1, entry_at); step k is reached at the first
-- step-k event at or after the time step k-1 was reached and no later than
-- entry_at + funnel_window_hours. Steps: 1 page_view, 2 product_viewed, 3 product_added,
-- 4 checkout_started, 5 order_completed. A step-k event before step k-1 was reached, or
-- after the window, does not count; the steps are nested by construction.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

-- From the window day's local midnight on: the entries of the window's days need all of
-- their day (which page view came first) and their steps up to the conversion window
-- later, which may be on a later day. Later entries read everything after them too.
-- Only the columns needed: stg_events computes the traffic source and local day of every
-- row read (per-row string and time-zone work that would dominate this model's cost), so
-- traffic sources are read for page views only and local days come from day_bounds.
page_views as (
    select message_id, user_key, event_at, device_type, traffic_source, country
    from {{ ref('stg_events') }}
    where not is_bot
      and event_type = 'page_view'
      and event_at >= (select window_day_start from context)
),

-- An OR of equalities: DuckDB planned the IN list here as a (slower) mark join.
step_events as (
    select user_key, event_type, event_at
    from {{ ref('stg_events') }}
    where not is_bot
      and (
          event_type = 'product_viewed'
          or event_type = 'product_added'
          or event_type = 'checkout_started'
          or event_type = 'order_completed'
      )
      and event_at >= (select window_day_start from context)
),

-- The local days the page views fall on, each as its UTC bounds [day_start, day_end): one
-- time-zone conversion per day rather than per event, the same days as stg_events.event_day.
span as (
    select
        cast((min(p.event_at) at time zone 'UTC') at time zone c.report_tz as date) as first_day,
        cast((max(p.event_at) at time zone 'UTC') at time zone c.report_tz as date) as last_day
    from page_views p
    cross join context c
    group by c.report_tz
),

days as (
    select
        cast(g.day_at as date) as day
    from span s
    cross join generate_series(
        cast(s.first_day as timestamp), cast(s.last_day as timestamp), interval '1 day'
    ) as g(day_at)
),

day_bounds as (
    select
        d.day,
        cast((cast(d.day as timestamp) at time zone c.report_tz) at time zone 'UTC' as timestamp)
            as day_start,
        cast((cast(d.day + 1 as timestamp) at time zone c.report_tz) at time zone 'UTC' as timestamp)
            as day_end
    from days d
    cross join context c
),

-- The entry: the day's first page view (the smallest message_id among simultaneous ones).
first_at as (
    select p.user_key, b.day as entry_day, min(p.event_at) as entry_at
    from page_views p
    join day_bounds b on p.event_at >= b.day_start and p.event_at < b.day_end
    group by p.user_key, b.day
),

first_ids as (
    select f.user_key, f.entry_day, f.entry_at, min(p.message_id) as message_id
    from first_at f
    join page_views p on p.user_key = f.user_key and p.event_at = f.entry_at
    group by f.user_key, f.entry_day, f.entry_at
),

entries as (
    select
        f.user_key,
        f.entry_day,
        f.entry_at,
        f.entry_at + c.funnel_window_hours * interval '1 hour' as window_end,
        p.device_type,
        p.traffic_source,
        p.country
    from first_ids f
    join page_views p on p.message_id = f.message_id
    cross join context c
),

-- Each entry's later step events (2..5) inside its conversion window.
candidates as (
    select
        en.user_key,
        en.entry_day,
        ev.event_type,
        ev.event_at
    from entries en
    join step_events ev
      on ev.user_key = en.user_key
     and ev.event_at >= en.entry_at
     and ev.event_at <= en.window_end
),

step_2 as (
    select user_key, entry_day, min(event_at) as step_2_at
    from candidates
    where event_type = 'product_viewed'
    group by user_key, entry_day
),

step_3 as (
    select c.user_key, c.entry_day, min(c.event_at) as step_3_at
    from candidates c
    join step_2 s on s.user_key = c.user_key and s.entry_day = c.entry_day
    where c.event_type = 'product_added'
      and c.event_at >= s.step_2_at
    group by c.user_key, c.entry_day
),

step_4 as (
    select c.user_key, c.entry_day, min(c.event_at) as step_4_at
    from candidates c
    join step_3 s on s.user_key = c.user_key and s.entry_day = c.entry_day
    where c.event_type = 'checkout_started'
      and c.event_at >= s.step_3_at
    group by c.user_key, c.entry_day
),

step_5 as (
    select c.user_key, c.entry_day, min(c.event_at) as step_5_at
    from candidates c
    join step_4 s on s.user_key = c.user_key and s.entry_day = c.entry_day
    where c.event_type = 'order_completed'
      and c.event_at >= s.step_4_at
    group by c.user_key, c.entry_day
),

final as (
    select
        en.user_key,
        en.entry_day,
        en.entry_at,
        en.window_end,
        coalesce(en.device_type, 'unknown') as device_type,
        coalesce(en.traffic_source, 'direct') as traffic_source,
        coalesce(en.country, 'unknown') as country,
        s2.step_2_at,
        s3.step_3_at,
        s4.step_4_at,
        s5.step_5_at,
        case
            when s5.step_5_at is not null then 5
            when s4.step_4_at is not null then 4
            when s3.step_3_at is not null then 3
            when s2.step_2_at is not null then 2
            else 1
        end as reached_step
    from entries en
    left join step_2 s2 on s2.user_key = en.user_key and s2.entry_day = en.entry_day
    left join step_3 s3 on s3.user_key = en.user_key and s3.entry_day = en.entry_day
    left join step_4 s4 on s4.user_key = en.user_key and s4.entry_day = en.entry_day
    left join step_5 s5 on s5.user_key = en.user_key and s5.entry_day = en.entry_day
)

select * from final
