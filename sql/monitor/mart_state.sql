-- How far each mart has got: the silver sequence its last successful build covered.
select model, cast(watermark_seq as bigint) as watermark_seq, succeeded_at
from ops_model_state
where model like 'mart\_%' escape '\' or model like 'fct\_%' escape '\' or model like 'dim\_%' escape '\'
order by model
