-- One row per local day (reporting zone) from the first to the last day in int_user_days:
-- DAU, and true WAU and MAU (distinct users with a non-bot event in the 7 and 30 days ending
-- that day, never sums of DAU), stickiness DAU / MAU, and the same for buyers (distinct users
-- with an order). Definitions: docs/metrics/kpis.md.
--
-- How the distinct counts are computed without joining each day to its 30 days of users:
-- a user active on day d is counted in a w-day window (w = 7 or 30) on days d .. d + w - 1.
-- Of that stretch, the part not already counted from the user's previous active day p (which
-- covers p .. p + w - 1) starts at greatest(d, p + w). These stretches never overlap, so the
-- number of distinct users on day D is the number of stretches containing D: a running sum
-- of +1 on each stretch's first day and -1 on the day after its last.
--
-- Incremental on day: output days >= window_day need activity from window_day - 29. Of the
-- days before window_day only each user's last visit and last order matter: they continue
-- counting from window_day until they drop out of the window.
with

context as (
    select window_day, window_day - 29 as read_from_day
    from {{ source('ops', 'run_context') }}
),

-- The 30 days that can still count, read once (by users); the window's own days again.
user_days as (
    select
        user_key,
        day,
        visited,
        ordered,
        day >= (select window_day from context) as in_window
    from {{ ref('int_user_days') }}
    where day >= (select read_from_day from context)
),

window_days as (
    select user_key, day, visited, ordered
    from {{ ref('int_user_days') }}
    where day >= (select window_day from context)
),

-- One pass over the users of the 30 days: each one's last visit and last order before the
-- window, and first visit and first order in it.
users as (
    select
        user_key,
        max(day) filter (where visited and not in_window) as last_visit_before,
        min(day) filter (where visited and in_window) as first_visit,
        max(day) filter (where ordered and not in_window) as last_order_before,
        min(day) filter (where ordered and in_window) as first_order
    from user_days
    group by user_key
),

-- Every active day in the window with the user's previous active day of the same kind: for
-- the first one in the window the last one before it (if any), for the others the one before
-- in the window.
activity as (
    select 'visit' as kind, first_visit as day, last_visit_before as previous_day
    from users
    where first_visit is not null
    union all
    select 'order' as kind, first_order as day, last_order_before as previous_day
    from users
    where first_order is not null
    union all
    select kind, day, previous_day
    from (
        select
            'visit' as kind,
            day,
            lag(day) over (partition by user_key order by day) as previous_day
        from window_days
        where visited
        union all
        select
            'order' as kind,
            day,
            lag(day) over (partition by user_key order by day) as previous_day
        from window_days
        where ordered
    ) later
    where previous_day is not null
),

widths as (
    select 7 as width
    union all
    select 30 as width
),

-- Users sharing an active day and previous active day share their stretches: count them
-- once. The same for the users whose last activity before the window was on the same day.
activity_counts as (
    select kind, day, previous_day, count(*) as users
    from activity
    group by kind, day, previous_day
),

tails as (
    select kind, last_day, count(*) as users
    from (
        select 'visit' as kind, last_visit_before as last_day from users
        union all
        select 'order' as kind, last_order_before as last_day from users
    ) k
    where last_day is not null
    group by kind, last_day
),

-- Stretches [starts_on, ends_before) of days on which users are counted, one per active day
-- and width, plus the rest of the stretch of each user's last activity before the window.
stretches as (
    select
        a.kind,
        w.width,
        greatest(a.day, coalesce(a.previous_day + w.width, a.day)) as starts_on,
        a.day + w.width as ends_before,
        a.users
    from activity_counts a
    cross join widths w
    union all
    select
        t.kind,
        w.width,
        (select window_day from context) as starts_on,
        t.last_day + w.width as ends_before,
        t.users
    from tails t
    cross join widths w
    where t.last_day + w.width > (select window_day from context)
),

deltas as (
    select kind, width, starts_on as day, users as delta from stretches
    union all
    select kind, width, ends_before as day, -users as delta from stretches
),

changes as (
    select
        day,
        sum(case when kind = 'visit' and width = 7 then delta else 0 end) as wau_change,
        sum(case when kind = 'visit' and width = 30 then delta else 0 end) as mau_change,
        sum(case when kind = 'order' and width = 7 then delta else 0 end) as wab_change,
        sum(case when kind = 'order' and width = 30 then delta else 0 end) as mab_change
    from deltas
    group by day
),

-- int_user_days has one row per user and day: counting rows counts users.
daily as (
    select
        day,
        count(*) filter (where visited) as dau,
        count(*) filter (where ordered) as daily_buyers
    from window_days
    group by day
),

-- The calendar from the first day with activity (not before window_day) to the last. Every
-- stretch starts on a calendar day, so the running sums over it are complete.
bounds as (
    select
        greatest(
            (select window_day from context),
            (select min(day) from {{ ref('int_user_days') }})
        ) as first_day,
        (select max(day) from window_days) as last_day
),

spine as (
    select cast(g.day_start as date) as day
    from bounds b
    cross join generate_series(
        cast(b.first_day as timestamp), cast(b.last_day as timestamp), interval '1 day'
    ) as g(day_start)
),

running as (
    select
        s.day,
        coalesce(d.dau, 0) as dau,
        coalesce(d.daily_buyers, 0) as daily_buyers,
        cast(sum(coalesce(c.wau_change, 0)) over (order by s.day rows unbounded preceding)
            as bigint) as wau,
        cast(sum(coalesce(c.mau_change, 0)) over (order by s.day rows unbounded preceding)
            as bigint) as mau,
        cast(sum(coalesce(c.wab_change, 0)) over (order by s.day rows unbounded preceding)
            as bigint) as weekly_buyers,
        cast(sum(coalesce(c.mab_change, 0)) over (order by s.day rows unbounded preceding)
            as bigint) as monthly_buyers
    from spine s
    left join daily d on d.day = s.day
    left join changes c on c.day = s.day
),

final as (
    select
        day,
        dau,
        wau,
        mau,
        cast(dau as double precision) / nullif(mau, 0) as stickiness,
        daily_buyers,
        weekly_buyers,
        monthly_buyers,
        cast(daily_buyers as double precision) / nullif(monthly_buyers, 0) as buyer_stickiness
    from running
    where day >= (select window_day from context)
)

select * from final
