select * from quarantine
where ($1::varchar is null or reason = $1)
  and (not $2 or resolved_at is null)
  and seq > $3
order by seq
limit $4
