-- The oldest bucket of grain $1 the live counters hold: windows before it are not zero
-- traffic but no data (before the first event, or pruned by retention).
select min(bucket_at) as first_at from live_counters where grain = $1
