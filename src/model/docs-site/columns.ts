export interface LayoutNode {
  id: string;
  /** The node's layer as a number: 0 sources, 1 staging, 2 intermediate, 3 marts. */
  band: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface BandSpan {
  band: number;
  first: number;
  count: number;
}

/**
 * Column of each node: its band's first column plus its depth among edges inside the band.
 * One column per layer as long as models don't ref their own layer; when they do (a fact
 * refs a dimension), the layer widens so no edge is drawn inside a column.
 */
export function assignColumns(
  nodes: LayoutNode[],
  edges: LayoutEdge[],
): { column: Map<string, number>; bands: BandSpan[] } {
  const depth = bandDepths(nodes, edges);
  const bands: BandSpan[] = [];
  let next = 0;
  for (const band of [...new Set(nodes.map((n) => n.band))].sort((a, b) => a - b)) {
    const members = nodes.filter((n) => n.band === band);
    const count = 1 + Math.max(...members.map((n) => depth.get(n.id) ?? 0));
    bands.push({ band, first: next, count });
    next += count;
  }
  const first = new Map(bands.map((b) => [b.band, b.first]));
  const column = new Map(
    nodes.map((n) => [n.id, (first.get(n.band) ?? 0) + (depth.get(n.id) ?? 0)]),
  );
  return { column, bands };
}

/** Longest path from the band's entry nodes; capped rounds, so a cycle cannot hang it. */
function bandDepths(nodes: LayoutNode[], edges: LayoutEdge[]): Map<string, number> {
  const band = new Map(nodes.map((n) => [n.id, n.band]));
  const inside = edges.filter((e) => band.has(e.from) && band.get(e.from) === band.get(e.to));
  const depth = new Map(nodes.map((n) => [n.id, 0]));
  for (let round = 0; round < nodes.length; round++) {
    let changed = false;
    for (const e of inside) {
      const d = (depth.get(e.from) ?? 0) + 1;
      if (d > (depth.get(e.to) ?? 0)) {
        depth.set(e.to, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

export interface Layered {
  /** Node ids per column, real nodes first in input order, then the dummies. */
  columns: string[][];
  /** Links between neighbouring columns only, after long edges were split. */
  segments: LayoutEdge[];
  /** Each input edge with the dummies it passes through. */
  chains: { from: string; to: string; via: string[] }[];
  dummies: Set<string>;
}

/**
 * Splits every edge that skips columns with a dummy node per column skipped, as Sugiyama
 * does, so long edges get a lane of their own instead of cutting through boxes. Dummies are
 * shared per start node and column: the edges of a source read everywhere run as one bundle.
 */
export function addDummies(
  nodes: LayoutNode[],
  edges: LayoutEdge[],
  column: Map<string, number>,
): Layered {
  const width = 1 + Math.max(0, ...column.values());
  const columns: string[][] = Array.from({ length: width }, () => []);
  for (const n of nodes) columns[column.get(n.id) ?? 0]?.push(n.id);
  const dummies = new Set<string>();
  const segmentKeys = new Set<string>();
  const segments: LayoutEdge[] = [];
  const link = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    if (segmentKeys.has(key)) return;
    segmentKeys.add(key);
    segments.push({ from, to });
  };
  const chains = edges.map((e) => {
    const start = column.get(e.from) ?? 0;
    const end = column.get(e.to) ?? 0;
    // An edge that goes back (a model reading a later layer) is drawn but not laid out.
    if (end <= start) return { ...e, via: [] };
    const via: string[] = [];
    for (let c = start + 1; c < end; c++) {
      const id = `${e.from}@${c}`;
      if (!dummies.has(id)) {
        dummies.add(id);
        columns[c]?.push(id);
      }
      via.push(id);
    }
    [e.from, ...via, e.to].forEach((id, i, path) => {
      const next = path[i + 1];
      if (next !== undefined) link(id, next);
    });
    return { ...e, via };
  });
  return { columns, segments, chains, dummies };
}
