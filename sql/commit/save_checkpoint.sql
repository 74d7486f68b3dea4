-- A checkpoint never moves back: batches of one consumer may commit out of order when
-- several processors share it.
insert into checkpoints (consumer, seq, updated_at) values ($1, $2, $3)
on conflict (consumer) do update
set seq = greatest(checkpoints.seq, excluded.seq), updated_at = excluded.updated_at
