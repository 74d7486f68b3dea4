import type { Model } from './project.js';

/** Kahn's order, ties by name so runs are reproducible; a cycle is a problem, not a hang. */
export function orderModels(models: Model[], problems: string[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const waiting = new Map(
    models.map((m) => [m.name, new Set(m.refs.filter((r) => byName.has(r)))]),
  );
  const out: Model[] = [];
  for (;;) {
    const ready = [...waiting].filter(([, deps]) => deps.size === 0).map(([n]) => n);
    if (ready.length === 0) break;
    for (const name of ready.sort()) {
      waiting.delete(name);
      out.push(byName.get(name)!);
      for (const deps of waiting.values()) deps.delete(name);
    }
  }
  if (waiting.size > 0)
    problems.push(`models ref each other in a cycle: ${[...waiting.keys()].join(', ')}`);
  return out;
}

/**
 * dbt's selectors: `name`, `name+` (and everything downstream), `+name` (and everything
 * upstream), `layer:marts`. Several selectors are a union. The result keeps run order.
 */
export function selectModels(models: Model[], selectors: string[]): Model[] {
  if (selectors.length === 0) return models;
  const chosen = new Set<string>();
  for (const raw of selectors) {
    if (raw.startsWith('layer:')) {
      for (const m of models) if (m.layer === raw.slice(6)) chosen.add(m.name);
      continue;
    }
    const name = raw.replace(/^\+/, '').replace(/\+$/, '');
    if (!models.some((m) => m.name === name)) throw new Error(`no model named ${name}`);
    chosen.add(name);
    if (raw.endsWith('+')) for (const d of related(models, name, 'down')) chosen.add(d);
    if (raw.startsWith('+')) for (const u of related(models, name, 'up')) chosen.add(u);
  }
  return models.filter((m) => chosen.has(m.name));
}

/** Every model upstream (`up`) or downstream (`down`) of `name`, transitively. */
export function related(models: Model[], name: string, direction: 'up' | 'down'): Set<string> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const found = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const next =
      direction === 'up'
        ? (byName.get(current)?.refs ?? [])
        : models.filter((m) => m.refs.includes(current)).map((m) => m.name);
    for (const n of next) {
      if (!found.has(n)) {
        found.add(n);
        stack.push(n);
      }
    }
  }
  return found;
}
