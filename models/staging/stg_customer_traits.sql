-- One row per identify call: the traits a customer had at that moment.
with

source as (
    select * from {{ source('silver', 'customer_traits') }}
    -- the run's snapshot: every model of a run reads the same silver
    where seq <= (select watermark_seq from {{ source('ops', 'run_context') }})
),

final as (
    select
        seq as trait_seq,
        user_key,
        user_id,
        observed_at,
        email,
        name as customer_name,
        country,
        city,
        segment
    from source
)

select * from final
