-- PostgreSQL only: the indexes its plans need (checked with EXPLAIN). DuckDB skips row
-- groups by their zone maps instead and does not get them: an ART index slows its inserts.
-- The commit reads the batch's own silver rows by seq (`seq between $1 and $2 and seq in
-- (select seq from stage_batch)`, orders joined by seq) and looks at-least-once batches' seqs
-- up in silver_events: without these, every commit scans all of silver. The live tail and
-- the monitor's freshness read silver_events by seq too.

create index if not exists silver_events_seq on silver_events (seq);

create index if not exists silver_orders_seq on silver_orders (seq);

-- Arrival time: status's newest received_at and the monitor's volume and freshness checks
-- read a window of it. (About 2 µs an event of commit; event_at, read only by status's
-- max beside its full counts, gets none.)
create index if not exists silver_events_received_at on silver_events (received_at);
