-- How new the newest stored event is (event time and arrival time, UTC).
select max(event_at) as newest_event_at, max(received_at) as newest_received_at
from silver_events
