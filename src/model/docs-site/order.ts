import type { LayoutEdge } from './columns.js';

/**
 * Orders the nodes of each column to reduce edge crossings: barycenter sweeps, left to
 * right then right to left, keeping the ordering with the fewest crossings seen. A node
 * with no neighbours in the column it is compared with keeps its place.
 */
export function orderColumns(columns: string[][], segments: LayoutEdge[], rounds = 12): string[][] {
  const preds = neighbours(segments, 'to', 'from');
  const succs = neighbours(segments, 'from', 'to');
  let current = columns.map((c) => [...c]);
  let best = current.map((c) => [...c]);
  let fewest = crossings(best, segments);
  for (let r = 0; r < rounds && fewest > 0; r++) {
    for (let c = 1; c < current.length; c++) current = sortColumn(current, c, c - 1, preds);
    for (let c = current.length - 2; c >= 0; c--) current = sortColumn(current, c, c + 1, succs);
    const count = crossings(current, segments);
    if (count < fewest) {
      fewest = count;
      best = current.map((col) => [...col]);
    }
  }
  return best;
}

function sortColumn(
  columns: string[][],
  c: number,
  other: number,
  links: Map<string, string[]>,
): string[][] {
  const otherPos = positions(columns[other] ?? []);
  const col = columns[c] ?? [];
  const key = new Map(
    col.map((id, i) => {
      const at = (links.get(id) ?? []).map((n) => otherPos.get(n)).filter((p) => p !== undefined);
      return [id, at.length > 0 ? at.reduce((a, b) => a + b, 0) / at.length : i];
    }),
  );
  const sorted = [...col].sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0));
  return columns.map((existing, i) => (i === c ? sorted : existing));
}

/** Pairs of segments between the same two columns whose ends are in opposite orders. */
export function crossings(columns: string[][], segments: LayoutEdge[]): number {
  const pos = new Map<string, { column: number; index: number }>();
  columns.forEach((col, c) => col.forEach((id, index) => pos.set(id, { column: c, index })));
  const byColumn = new Map<number, [number, number][]>();
  for (const s of segments) {
    const a = pos.get(s.from);
    const b = pos.get(s.to);
    if (!a || !b) continue;
    const list = byColumn.get(a.column) ?? [];
    list.push([a.index, b.index]);
    byColumn.set(a.column, list);
  }
  let count = 0;
  for (const list of byColumn.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a1, b1] = list[i]!;
        const [a2, b2] = list[j]!;
        if ((a1 - a2) * (b1 - b2) < 0) count++;
      }
    }
  }
  return count;
}

export function neighbours(
  segments: LayoutEdge[],
  key: 'from' | 'to',
  value: 'from' | 'to',
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of segments) out.set(s[key], [...(out.get(s[key]) ?? []), s[value]]);
  return out;
}

function positions(col: string[]): Map<string, number> {
  return new Map(col.map((id, i) => [id, i]));
}
