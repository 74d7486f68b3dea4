-- One row per user_key seen: any non-bot activity or order (int_user_days) or an identify
-- call (stg_customer_traits). Orders and lifetime value, activity dates, the lifecycle
-- stage, a purchase propensity score, a value tier, country, contact and RFM segment.
-- Reads per-user-day, per-session and per-customer inputs, never the raw events.
--
-- Lifecycle stage, first match wins (days are local days, "within N days" means
-- as_of_day - day < N):
--   Hot Lead       the latest abandoned cart ended within hot_lead_days (7 x 24 h) of as_of
--                  and no order was placed after it
--   Loyal          >= 3 orders, the last within 90 days
--   Active Buyer   >= 1 order, the last within 90 days
--   Churned Buyer  >= 1 order, none within 90 days
--   Active Browser never ordered, visited within 30 days, no abandoned cart within 30 days
--   Cold Lead      never ordered, an abandoned cart or a product view within 90 days
--   Inactive       everyone else
-- An abandoned cart is a session with an add to cart and no order (int_sessions) that has
-- ended: its last event is at least session_gap_minutes before as_of.
--
-- Propensity, in [0, 1]: 0.20 visit + 0.25 cart + 0.25 checkout + 0.30 buyer, where
-- visit = 1 - d/30, cart = 1 - d/14, checkout = 1 - d/14 (d = days since the latest
-- session with a visit, an add to cart, a checkout started; clamped to [0, 1], 0 when never)
-- and buyer = least(orders, 5) / 5 * (1 - d/180) with d = days since the last order.
--
-- Value tier: none (no orders or no net revenue), else by mart_rfm's monetary score:
-- 5 high, 3-4 medium, 1-2 low.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

user_days as (
    select * from {{ ref('int_user_days') }}
),

sessions as (
    select * from {{ ref('int_sessions') }}
),

traits as (
    select * from {{ ref('stg_customer_traits') }}
),

customer_orders as (
    select * from {{ ref('int_customer_orders') }}
),

rfm as (
    select user_key, r_score, f_score, m_score, rfm_total, rfm_segment from {{ ref('mart_rfm') }}
),

activity as (
    select
        user_key,
        min(day) as first_active_day,
        max(day) as last_active_day,
        max(case when visited then day end) as last_visit_day,
        cast(count(*) filter (where visited) as bigint) as visit_days
    from user_days
    group by user_key
),

session_facts as (
    select
        s.user_key,
        count(*) as sessions,
        max(case when s.has_product_view then s.session_day end) as last_product_view_day,
        max(case when s.has_add_to_cart then s.session_day end) as last_cart_day,
        max(case when s.has_checkout then s.session_day end) as last_checkout_day,
        max(case
            when s.cart_abandoned
             and s.session_end <= c.as_of - c.session_gap_minutes * interval '1 minute'
            then s.session_end
        end) as last_abandoned_at
    from sessions s
    cross join context c
    group by s.user_key
),

-- Country of the latest session whose first event had one.
session_country as (
    select user_key, country
    from (
        select
            user_key,
            country,
            row_number() over (partition by user_key order by session_start desc) as rn
        from sessions
        where country <> 'unknown'
    ) s
    where rn = 1
),

-- Each trait from the latest identify call that carried it (on a tie in time, the
-- greatest value): the latest time per trait, then the values at that time.
trait_times as (
    select
        user_key,
        min(observed_at) as first_identified_at,
        max(observed_at) as last_identified_at,
        max(case when email is not null then observed_at end) as email_at,
        max(case when customer_name is not null then observed_at end) as name_at,
        max(case when country is not null then observed_at end) as country_at
    from traits
    group by user_key
),

trait_facts as (
    select
        tt.user_key,
        max(t.user_id) as user_id,
        cast((tt.first_identified_at at time zone 'UTC') at time zone c.report_tz as date)
            as first_identified_day,
        cast((tt.last_identified_at at time zone 'UTC') at time zone c.report_tz as date)
            as last_identified_day,
        max(case when t.observed_at = tt.email_at then t.email end) as email,
        max(case when t.observed_at = tt.name_at then t.customer_name end) as customer_name,
        max(case when t.observed_at = tt.country_at then t.country end) as country
    from trait_times tt
    join traits t on t.user_key = tt.user_key
    cross join context c
    group by tt.user_key, tt.first_identified_at, tt.last_identified_at, c.report_tz
),

users as (
    select user_key from activity
    union
    select user_key from trait_facts
),

joined as (
    select
        u.user_key,
        t.user_id,
        t.email,
        t.customer_name,
        coalesce(t.country, sc.country, 'unknown') as country,
        a.first_active_day,
        a.last_active_day,
        a.last_visit_day,
        coalesce(a.visit_days, 0) as visit_days,
        coalesce(sf.sessions, 0) as sessions,
        sf.last_product_view_day,
        sf.last_cart_day,
        sf.last_checkout_day,
        sf.last_abandoned_at,
        cast((sf.last_abandoned_at at time zone 'UTC') at time zone c.report_tz as date)
            as last_abandoned_day,
        least(a.first_active_day, t.first_identified_day) as first_seen_day,
        greatest(a.last_active_day, t.last_identified_day) as last_seen_day,
        co.first_order_at,
        co.last_order_at,
        co.first_order_day,
        co.last_order_day,
        coalesce(co.orders, 0) as orders,
        coalesce(co.units, 0) as units,
        coalesce(co.gross_revenue, cast(0 as decimal(38, 4))) as gross_revenue,
        coalesce(co.refunded_revenue, cast(0 as decimal(38, 4))) as refunded_revenue,
        coalesce(co.net_revenue, cast(0 as decimal(38, 4))) as lifetime_value,
        r.r_score,
        r.f_score,
        r.m_score,
        r.rfm_total,
        r.rfm_segment,
        c.as_of,
        c.as_of_day,
        c.hot_lead_days
    from users u
    cross join context c
    left join activity a on a.user_key = u.user_key
    left join session_facts sf on sf.user_key = u.user_key
    left join session_country sc on sc.user_key = u.user_key
    left join trait_facts t on t.user_key = u.user_key
    left join customer_orders co on co.user_key = u.user_key
    left join rfm r on r.user_key = u.user_key
),

measured as (
    select
        *,
        cast(as_of_day - last_visit_day as integer) as days_since_last_visit,
        cast(as_of_day - last_order_day as integer) as days_since_last_order,
        coalesce(
            last_abandoned_at >= as_of - hot_lead_days * interval '1 day'
            and (last_order_at is null or last_order_at < last_abandoned_at),
            false
        ) as is_hot_lead
    from joined
),

-- Each signal decays linearly from 1 (that day is today) to 0 (at its horizon); 0 when
-- it never happened. (least/greatest skip nulls, hence the explicit case.)
signals as (
    select
        *,
        case
            when last_visit_day is null then 0
            else greatest(0, least(1, 1 - cast(as_of_day - last_visit_day as double precision) / 30))
        end as visit_signal,
        case
            when last_cart_day is null then 0
            else greatest(0, least(1, 1 - cast(as_of_day - last_cart_day as double precision) / 14))
        end as cart_signal,
        case
            when last_checkout_day is null then 0
            else greatest(0, least(1, 1 - cast(as_of_day - last_checkout_day as double precision) / 14))
        end as checkout_signal,
        cast(least(orders, 5) as double precision) / 5 * case
            when last_order_day is null then 0
            else greatest(0, least(1, 1 - cast(as_of_day - last_order_day as double precision) / 180))
        end as buyer_signal
    from measured
),

final as (
    select
        user_key,
        user_id,
        email,
        customer_name,
        country,
        first_seen_day,
        last_seen_day,
        last_visit_day,
        days_since_last_visit,
        visit_days,
        sessions,
        last_product_view_day,
        last_cart_day,
        last_checkout_day,
        last_abandoned_at,
        last_abandoned_day,
        first_order_at,
        last_order_at,
        first_order_day,
        last_order_day,
        days_since_last_order,
        orders,
        units,
        gross_revenue,
        refunded_revenue,
        lifetime_value,
        money_average(lifetime_value, orders) as aov,
        case
            when is_hot_lead then 'Hot Lead'
            when orders >= 3 and days_since_last_order < 90 then 'Loyal'
            when orders >= 1 and days_since_last_order < 90 then 'Active Buyer'
            when orders >= 1 then 'Churned Buyer'
            when days_since_last_visit < 30
             and not coalesce(as_of_day - last_abandoned_day < 30, false) then 'Active Browser'
            when as_of_day - last_abandoned_day < 90
              or as_of_day - last_product_view_day < 90 then 'Cold Lead'
            else 'Inactive'
        end as lifecycle_stage,
        is_hot_lead,
        cast(
            0.20 * visit_signal + 0.25 * cart_signal + 0.25 * checkout_signal + 0.30 * buyer_signal
            as double precision
        ) as propensity_score,
        case
            when orders = 0 or lifetime_value <= 0 then 'none'
            when m_score = 5 then 'high'
            when m_score >= 3 then 'medium'
            else 'low'
        end as value_tier,
        r_score,
        f_score,
        m_score,
        rfm_total,
        rfm_segment
    from signals
)

select * from final
