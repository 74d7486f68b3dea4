-- The start of each version of each customer (SCD type 2 change points): one row per instant
-- at which a customer's tracked traits (email, name, country, city, segment) change. Traits
-- merge as identify calls do: a trait an identify does not carry keeps its last value. The
-- first version starts at the customer's first activity as a customer: the first identify
-- or the first order, whichever is earlier; before any identify its traits are unknown
-- (null). valid_to is not stored here (it is the next version's valid_from, see
-- dim_customer), so an identify never rewrites an older row and the model is incremental.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

-- Customers with an identify or an order in the window: their versions are recomputed
-- from their whole history, which is small.
touched as (
    select user_key
    from {{ ref('stg_customer_traits') }}
    where observed_at >= (select window_start from context)
    union
    select user_key
    from {{ ref('stg_orders') }}
    where ordered_at >= (select window_start from context)
),

identifies as (
    select
        user_key,
        observed_at,
        1 as kind,
        trait_seq as seq,
        email,
        customer_name,
        country,
        city,
        segment
    from {{ ref('stg_customer_traits') }}
    where user_key in (select user_key from touched)
),

-- The first order opens a version with unknown traits when no identify came before it.
first_orders as (
    select
        user_key,
        min(ordered_at) as observed_at,
        0 as kind,
        cast(0 as bigint) as seq,
        cast(null as varchar) as email,
        cast(null as varchar) as customer_name,
        cast(null as varchar) as country,
        cast(null as varchar) as city,
        cast(null as varchar) as segment
    from {{ ref('stg_orders') }}
    where user_key in (select user_key from touched)
    group by user_key
),

observations as (
    select * from identifies
    union all
    select * from first_orders
),

-- Identifies in observed order (not arrival order); at one instant, the order first.
-- n_<trait> counts the identifies so far that carried the trait: the trait's value is the
-- one sent by the identify that brought the count to n_<trait>.
counted as (
    select
        *,
        count(email) over w as n_email,
        count(customer_name) over w as n_name,
        count(country) over w as n_country,
        count(city) over w as n_city,
        count(segment) over w as n_segment
    from observations
    window w as (partition by user_key order by observed_at, kind, seq rows unbounded preceding)
),

-- Several observations at one instant: the state after the last of them (counts only grow).
instants as (
    select
        user_key,
        observed_at,
        max(n_email) as n_email,
        max(n_name) as n_name,
        max(n_country) as n_country,
        max(n_city) as n_city,
        max(n_segment) as n_segment
    from counted
    group by user_key, observed_at
),

emails as (select user_key, n_email, email from counted where email is not null),
names as (select user_key, n_name, customer_name from counted where customer_name is not null),
countries as (select user_key, n_country, country from counted where country is not null),
cities as (select user_key, n_city, city from counted where city is not null),
segments as (select user_key, n_segment, segment from counted where segment is not null),

states as (
    select
        i.user_key,
        i.observed_at,
        e.email,
        n.customer_name,
        co.country,
        ci.city,
        s.segment
    from instants i
    left join emails e on e.user_key = i.user_key and e.n_email = i.n_email
    left join names n on n.user_key = i.user_key and n.n_name = i.n_name
    left join countries co on co.user_key = i.user_key and co.n_country = i.n_country
    left join cities ci on ci.user_key = i.user_key and ci.n_city = i.n_city
    left join segments s on s.user_key = i.user_key and s.n_segment = i.n_segment
),

compared as (
    select
        *,
        lag(observed_at) over p as previous_at,
        lag(email) over p as previous_email,
        lag(customer_name) over p as previous_name,
        lag(country) over p as previous_country,
        lag(city) over p as previous_city,
        lag(segment) over p as previous_segment
    from states
    window p as (partition by user_key order by observed_at)
),

changes as (
    select *
    from compared
    where previous_at is null
       or email is distinct from previous_email
       or customer_name is distinct from previous_name
       or country is distinct from previous_country
       or city is distinct from previous_city
       or segment is distinct from previous_segment
),

final as (
    select
        user_key || '#' || cast(observed_at as varchar) as customer_sk,
        user_key,
        observed_at as valid_from,
        cast(row_number() over (partition by user_key order by observed_at) as integer) as version_no,
        email,
        customer_name,
        country,
        city,
        segment,
        coalesce(email, customer_name, country, city, segment) is not null as has_traits
    from changes
)

select * from final
