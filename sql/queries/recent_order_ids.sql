select order_id from silver_orders order by seq desc limit $1
