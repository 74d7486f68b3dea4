import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import { HttpError } from '../../core/errors.js';
import { fromSqlTimestamp } from '../../core/time.js';
import type { StatusReport } from '../status.js';
import type { RunRecord } from '../../model/service.js';
import type { Alert, HealthReport } from '../../monitor/types.js';
import type { DashboardReads } from './reads.js';
import { parseRange, type DayRange } from './range.js';

/**
 * What an endpoint may use: the named read queries, the operator's status, the monitor's
 * health and alerts, the clock.
 */
export interface ApiContext {
  reads: DashboardReads;
  status(): Promise<StatusReport>;
  modelRuns(limit: number): Promise<RunRecord[]>;
  /** The monitor's newest report (its checks run every `monitor.intervalSeconds`). */
  health(): Promise<HealthReport>;
  /** The newest alerts, open and resolved, newest first. */
  alerts(limit: number): Promise<Alert[]>;
  reportTimeZone: string;
  now(): number;
  /** Today in the reporting time zone (YYYY-MM-DD). */
  today(): string;
}

type Query = Record<string, string | undefined>;

/**
 * One JSON endpoint under /api/v1: its query parameters and response as JSON Schema (they
 * validate every request and response, and make the OpenAPI file), and its handler.
 */
export interface Endpoint<P extends TObject = TObject, R extends TSchema = TSchema> {
  path: string;
  summary: string;
  description: string;
  params: P;
  response: R;
  handle(params: Static<P>, ctx: ApiContext): Promise<Static<R>>;
}

export const defineEndpoint = <P extends TObject, R extends TSchema>(e: Endpoint<P, R>) => e;

/** The date range parameters most pages take: local days of the reporting time zone. */
export const RangeParams = {
  from: Type.Optional(
    Type.String({
      format: 'date',
      description: 'first local day, YYYY-MM-DD (default: 6 days before `to`)',
    }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date', description: 'last local day, inclusive (default: today)' }),
  ),
};
export const rangeOf = (
  p: { from?: string | undefined; to?: string | undefined },
  ctx: ApiContext,
): DayRange => parseRange(p, ctx.today());

/** A decimal amount of money, exact, as a string ("1234.5000"). */
export const Money = (description = 'decimal amount') =>
  Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', description });
/** A rate in [0, 1], or null when its denominator is 0. */
export const Rate = (description: string) =>
  Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description });
export const Count = (description: string) => Type.Integer({ minimum: 0, description });
export const Instant = (description: string) =>
  Type.String({ format: 'date-time', description: `${description} (ISO 8601, UTC)` });
export const Day = (description: string) => Type.String({ format: 'date', description });

/** A warehouse timestamp (UTC wall time, "YYYY-MM-DD HH:MM:SS[.fff]") as ISO 8601 UTC. */
export function iso(value: unknown): string {
  // Parsed, not patched as text: DuckDB drops trailing zeros of the fraction ("45.37"), and
  // every instant must read the same way ("45.370Z") whatever its milliseconds.
  return new Date(fromSqlTimestamp(String(value))).toISOString();
}
export const isoOrNull = (value: unknown): string | null => (value == null ? null : iso(value));

const ajv = new Ajv({ allErrors: true, coerceTypes: false, strict: false });
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

/** Compiled checks for an endpoint: a bad request is a 400, a bad response a bug (500). */
export function compile(e: Endpoint) {
  const checkParams = ajv.compile({ ...e.params, additionalProperties: false });
  const checkResponse: ValidateFunction = ajv.compile(e.response);
  return {
    params(query: Query): unknown {
      const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      if (!checkParams(defined)) {
        const first = checkParams.errors![0]!;
        const where = first.instancePath.slice(1) || String(first.params.additionalProperty ?? '');
        throw new HttpError(
          400,
          'invalid_parameter',
          `${where} ${first.message ?? 'is invalid'}`.trim(),
        );
      }
      return defined;
    },
    response(body: unknown): void {
      if (!checkResponse(body)) {
        throw new Error(
          `response of ${e.path} breaks its schema: ${ajv.errorsText(checkResponse.errors)}`,
        );
      }
    },
  };
}
