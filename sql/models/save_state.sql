insert into ops_model_state (model, sql_hash, watermark_seq, succeeded_at)
values ($1, $2, $3, $4)
on conflict (model) do update set
  sql_hash = excluded.sql_hash,
  watermark_seq = excluded.watermark_seq,
  succeeded_at = excluded.succeeded_at
