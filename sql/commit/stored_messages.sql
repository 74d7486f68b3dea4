-- The batch's events whose messageId is already in silver (duplicates across all time).
select k.seq from stage_keys k
where k.message_id in (select message_id from silver_events)
