-- Every model's state: the silver snapshot (log seq) it was last brought up to date with
-- and when (UTC; built, or found unchanged, by a successful run).
select model, cast(watermark_seq as bigint) as watermark_seq, succeeded_at
from ops_model_state
order by model
