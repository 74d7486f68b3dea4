-- money_average(amount, n): amount / n as decimal(18,4), rounded half away from zero, or
-- null when n is not positive. The same integer quotient of ten-thousandths as DuckDB's own
-- 006 (div is exact on numeric), so both engines agree to the last digit.
create or replace function money_average(amount numeric, n numeric) returns decimal(18, 4)
  language sql immutable
  as $$
    select case when n > 0 then
      cast(sign(amount) * div(2 * abs(amount * 10000) + n, 2 * n) * 0.0001 as decimal(18, 4))
    end
  $$;
