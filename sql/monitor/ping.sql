-- The warehouse answers.
select 1 as ok
