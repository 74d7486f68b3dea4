import type { ColumnTestSpec, ModelTestSpec } from '../spec.js';
import { cls, html, type Raw } from './html.js';
import type { TestOutcome } from './site.js';

/** A YAML test as one readable line: the type, then its arguments. */
export function describeTest(spec: ColumnTestSpec | ModelTestSpec): string {
  if (typeof spec === 'string') return spec;
  const [type, args] = Object.entries(spec)[0] as [string, Record<string, unknown>];
  const parts = Object.entries(args)
    .filter(([k]) => k !== 'severity' && k !== 'where')
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`);
  if (typeof args.where === 'string') parts.push(`where ${args.where}`);
  if (args.severity === 'warn') parts.push('severity: warn');
  return parts.length > 0 ? `${type} (${parts.join('; ')})` : type;
}

/** The last status of a data test, or nothing when no results were given. */
export function statusBadge(outcome: TestOutcome | undefined): Raw {
  if (!outcome) return html``;
  const failing = outcome.failures > 0 ? ` · ${outcome.failures} failing` : '';
  return html`<span class="badge status-${cls(outcome.status)}">${outcome.status}${failing}</span>`;
}
