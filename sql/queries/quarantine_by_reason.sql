select reason, count(*) as n from quarantine where resolved_at is null group by reason order by n desc
