-- Deduplicate on messageId across all time: the primary key decides, and the rows that
-- conflict are the duplicates (returned seqs are the ones stored).
insert into silver_events
select * from stage_events
on conflict do nothing
returning seq
