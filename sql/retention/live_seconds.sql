-- Per-second live counters of buckets before $1 (UTC); the per-minute ones stay.
delete from live_counters where grain = 'second' and bucket_at < cast($1 as timestamp)
