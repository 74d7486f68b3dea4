-- Arrival of the oldest silver event after sequence $1: the oldest event a mart built up to
-- $1 does not include yet (null when it includes everything).
select min(received_at) as oldest_at from silver_events where seq > $1
