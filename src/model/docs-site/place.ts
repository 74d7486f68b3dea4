import type { LayoutEdge } from './columns.js';
import { neighbours } from './order.js';

export interface RowSizes {
  nodeHeight: number;
  /** Space between two boxes, or a box and a lane; half of it between two lanes. */
  rowGap: number;
}

const DUMMY_HALF = 3;
const ROUNDS = 8;

/**
 * The vertical centre of every node. Columns start stacked and centred; then each node is
 * pulled towards the mean height of its neighbours, column by column in both directions,
 * keeping the order and the spacing (a least-squares fit under order constraints, solved by
 * pool-adjacent-violators), so edges run as straight as the order allows.
 */
export function placeRows(
  columns: string[][],
  segments: LayoutEdge[],
  dummies: Set<string>,
  sizes: RowSizes,
): Map<string, number> {
  const half = (id: string) => (dummies.has(id) ? DUMMY_HALF : sizes.nodeHeight / 2);
  const gap = (a: string, b: string) =>
    half(a) + half(b) + (dummies.has(a) && dummies.has(b) ? sizes.rowGap / 2 : sizes.rowGap);
  const offsets = columns.map((col) => stackOffsets(col, gap));
  const tallest = Math.max(0, ...offsets.map((o, c) => extent(columns[c] ?? [], o, half)));
  const y = new Map<string, number>();
  columns.forEach((col, c) => {
    const o = offsets[c] ?? [];
    const shift = (tallest - extent(col, o, half)) / 2;
    col.forEach((id, i) => y.set(id, shift + half(col[0] ?? id) + (o[i] ?? 0)));
  });
  const preds = neighbours(segments, 'to', 'from');
  const succs = neighbours(segments, 'from', 'to');
  const order = columns.map((_, c) => c);
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of r % 2 === 0 ? order : [...order].reverse()) {
      const col = columns[c] ?? [];
      const wanted = col.map((id) => {
        const linked = [...(preds.get(id) ?? []), ...(succs.get(id) ?? [])];
        const at = linked.map((n) => y.get(n)).filter((v) => v !== undefined);
        return at.length > 0 ? at.reduce((a, b) => a + b, 0) / at.length : (y.get(id) ?? 0);
      });
      const o = offsets[c] ?? [];
      const fitted = isotonic(wanted.map((w, i) => w - (o[i] ?? 0)));
      col.forEach((id, i) => y.set(id, (fitted[i] ?? 0) + (o[i] ?? 0)));
    }
  }
  return y;
}

/** Distance of each node's centre from the first one's when packed as tight as allowed. */
function stackOffsets(col: string[], gap: (a: string, b: string) => number): number[] {
  const out: number[] = [];
  col.forEach((id, i) => {
    const prev = col[i - 1];
    out.push(prev === undefined ? 0 : (out[i - 1] ?? 0) + gap(prev, id));
  });
  return out;
}

function extent(col: string[], offsets: number[], half: (id: string) => number): number {
  const first = col[0];
  const last = col[col.length - 1];
  if (first === undefined || last === undefined) return 0;
  return half(first) + (offsets[offsets.length - 1] ?? 0) + half(last);
}

/** The non-decreasing sequence closest to `values` in least squares (pool adjacent violators). */
export function isotonic(values: number[]): number[] {
  const blocks: { sum: number; n: number }[] = [];
  for (const v of values) {
    blocks.push({ sum: v, n: 1 });
    for (;;) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (!a || !b || a.sum / a.n <= b.sum / b.n) break;
      blocks.pop();
      a.sum += b.sum;
      a.n += b.n;
    }
  }
  return blocks.flatMap((b) => Array.from({ length: b.n }, () => b.sum / b.n));
}
