select message_id from silver_events order by seq desc limit $1
