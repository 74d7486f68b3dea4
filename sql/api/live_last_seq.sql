-- The newest stored event: where the live tail starts.
select coalesce(max(seq), 0) as seq from silver_events
