-- The receive time of the newest event in silver: the monitor's silver freshness, read on
-- every check (an index on received_at in PostgreSQL, zone maps in DuckDB).
select max(received_at) as newest_received_at from silver_events
