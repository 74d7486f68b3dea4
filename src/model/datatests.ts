import type { ColumnTestSpec, ModelTestSpec } from './spec.js';
import type { Model, Project } from './project.js';

/** One data test: a query for failing rows. Zero rows is a pass. */
export interface DataTest {
  name: string;
  model: string;
  column: string | null;
  type: string;
  severity: 'warn' | 'error';
  sql: string;
}

/** Every test of every model: the grain first, then the column tests, then the model's. */
export function collectTests(project: Project, models: Model[] = project.models): DataTest[] {
  const out: DataTest[] = [];
  for (const m of models) {
    out.push(...grainTests(m));
    for (const c of m.spec.columns ?? []) {
      for (const t of c.tests ?? []) out.push(columnTest(m, c.name, t));
    }
    for (const t of m.spec.tests ?? []) out.push(modelTest(m, t));
  }
  return out;
}

function grainTests(m: Model): DataTest[] {
  const cols = m.spec.config.grain;
  const list = cols.join(', ');
  return [
    {
      name: `grain_not_null_${m.name}`,
      model: m.name,
      column: list,
      type: 'not_null',
      severity: 'error',
      sql: `select ${list} from ${m.name} where ${cols.map((c) => `${c} is null`).join(' or ')}`,
    },
    {
      name: `grain_unique_${m.name}`,
      model: m.name,
      column: list,
      type: 'unique',
      severity: 'error',
      sql: `select ${list}, count(*) as n from ${m.name} group by ${list} having count(*) > 1`,
    },
  ];
}

function from(m: Model, where: string | undefined): string {
  return where ? `(select * from ${m.name} where ${where}) m` : `${m.name} m`;
}

function columnTest(m: Model, column: string, spec: ColumnTestSpec): DataTest {
  if (spec === 'not_null') return columnTest(m, column, { not_null: {} });
  if (spec === 'unique') return columnTest(m, column, { unique: {} });
  const [type, args] = Object.entries(spec)[0] as [string, Record<string, unknown>];
  const where = args.where as string | undefined;
  const base = {
    name: `${type}_${m.name}_${column}`,
    model: m.name,
    column,
    type,
    severity: (args.severity as 'warn' | 'error' | undefined) ?? 'error',
  };
  const rel = from(m, where);
  switch (type) {
    case 'not_null':
      return { ...base, sql: `select * from ${rel} where ${column} is null` };
    case 'unique':
      return {
        ...base,
        sql: `select ${column}, count(*) as n from ${rel} where ${column} is not null group by ${column} having count(*) > 1`,
      };
    case 'accepted_values': {
      const values = (args.values as (string | number | boolean)[]).map(literal).join(', ');
      return {
        ...base,
        sql: `select ${column}, count(*) as n from ${rel} where ${column} is not null and ${column} not in (${values}) group by ${column}`,
      };
    }
    default: {
      const to = /^ref\('([a-z0-9_]+)'\)$/.exec(String(args.to))![1]!;
      const field = String(args.field);
      return {
        ...base,
        name: `relationships_${m.name}_${column}__${to}`,
        sql: `select m.${column} from ${rel} left join ${to} p on p.${field} = m.${column} where m.${column} is not null and p.${field} is null`,
      };
    }
  }
}

function modelTest(m: Model, spec: ModelTestSpec): DataTest {
  const [type, args] = Object.entries(spec)[0] as [string, Record<string, unknown>];
  const severity = (args.severity as 'warn' | 'error' | undefined) ?? 'error';
  const rel = from(m, args.where as string | undefined);
  const base = { model: m.name, column: null, type, severity };
  if (type === 'expression_is_true') {
    const expression = String(args.expression);
    const label = (args.name as string | undefined) ?? slug(expression);
    return {
      ...base,
      name: `expression_${m.name}_${label}`,
      sql: `select * from ${rel} where not (${expression})`,
    };
  }
  if (type === 'row_count') {
    const checks = [];
    if (args.min !== undefined) checks.push(`count(*) < ${Number(args.min)}`);
    if (args.max !== undefined) checks.push(`count(*) > ${Number(args.max)}`);
    return {
      ...base,
      name: `row_count_${m.name}`,
      sql: `select count(*) as row_count from ${rel} having ${checks.join(' or ') || 'false'}`,
    };
  }
  const column = String(args.column);
  const minutes = Number(args.max_age_minutes);
  return {
    ...base,
    name: `freshness_${m.name}_${column}`,
    column,
    sql: `select max(${column}) as newest from ${rel} having max(${column}) is null or max(${column}) < (select as_of from ops_run_context) - interval '${minutes} minutes'`,
  };
}

function literal(v: string | number | boolean): string {
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return String(v);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 60);
}
