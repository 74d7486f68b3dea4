-- money_average(amount, n): amount / n as decimal(18,4), rounded half away from zero, or
-- null when n is not positive. DuckDB divides decimals in floating point (2197.72 / 32 =
-- 68.67875 came out 68.6787), so the quotient is taken in integer ten-thousandths instead.
-- PostgreSQL's own 006 defines the same function over its exact numeric division.
create or replace macro money_average(amount, n) as
  case when n > 0 then
    cast(
      cast(
        sign(amount) * ((2 * abs(cast(amount * 10000 as hugeint)) + n) // (2 * n))
        as decimal(38, 0)
      ) * 0.0001
      as decimal(18, 4)
    )
  end;
