insert into checkpoints (consumer, seq, updated_at) values ($1, $2, $3)
on conflict (consumer) do update set seq = excluded.seq, updated_at = excluded.updated_at
