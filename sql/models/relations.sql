-- The models' relations as they exist now, with the type of each column.
select t.table_name, t.table_type, c.column_name, c.data_type
from information_schema.tables t
join information_schema.columns c
  on c.table_schema = t.table_schema and c.table_name = t.table_name
where t.table_schema = current_schema()
