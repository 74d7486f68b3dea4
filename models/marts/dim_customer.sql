-- Customers, SCD type 2: one row per version of a customer's traits, valid from valid_from
-- (inclusive) to valid_to (exclusive). The current version ends at 9999-12-31 00:00:00, so a
-- point-in-time join is always `valid_from <= t and t < valid_to`. Customers are the
-- user_keys that identified or ordered; a customer who ordered before identifying (or never
-- identified) has a first version with unknown (null) traits, valid from the first order.
-- A view: a new version changes the previous one's valid_to, so the versions are stored
-- without it (int_star_customer_versions, incremental) and ended here on read.
with

versions as (
    select * from {{ ref('int_star_customer_versions') }}
),

-- Each version ends where the customer's next one starts (version_no + 1).
next_versions as (
    select user_key, version_no - 1 as version_no, valid_from as next_from
    from versions
    where version_no > 1
),

final as (
    select
        v.customer_sk,
        v.user_key,
        v.version_no,
        v.email,
        v.customer_name,
        v.country,
        v.city,
        v.segment,
        v.has_traits,
        v.valid_from,
        coalesce(n.next_from, cast('9999-12-31 00:00:00' as timestamp)) as valid_to,
        n.next_from is null as is_current
    from versions v
    left join next_versions n on n.user_key = v.user_key and n.version_no = v.version_no
)

select * from final
