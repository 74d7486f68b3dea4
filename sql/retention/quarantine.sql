-- Quarantine rows quarantined before $1 (UTC), resolved or not.
delete from quarantine where quarantined_at < cast($1 as timestamp)
