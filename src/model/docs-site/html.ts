/** Markup that is already safe. Anything else put into an `html` template is escaped. */
export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = Raw | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A tagged template that escapes every interpolated value unless it is `Raw`, so text from
 * YAML and SQL cannot reach a page unescaped by forgetting a call. Arrays are joined;
 * null, undefined and false render nothing, for `cond && html`...``.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

function render(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Raw) return v.value;
  if (Array.isArray(v)) return (v as readonly Part[]).map(render).join('');
  return esc(String(v));
}

/** A class name built from data: anything outside [a-z0-9-] is dropped. */
export function cls(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]/g, '');
}
