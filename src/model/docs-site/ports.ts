export interface Chain {
  from: string;
  to: string;
  via: string[];
}

const MAX_STEP = 10;
const INSET = 8;

/**
 * Where edges leave and enter boxes: one port per distinct neighbour (a dummy lane shared by
 * a bundle counts once), spread over the box's side in the neighbours' vertical order, so a
 * fan of edges does not meet in a single point and edges keep from crossing at the box.
 * Returns the offset from the box's centre for `from`→hop (out) and hop→`to` (in).
 */
export function ports(
  chains: Chain[],
  centre: (id: string) => number,
  nodeHeight: number,
): { out: (c: Chain) => number; in: (c: Chain) => number } {
  const firstHop = (c: Chain) => c.via[0] ?? c.to;
  const lastHop = (c: Chain) => c.via[c.via.length - 1] ?? c.from;
  const outs = spread(
    chains.map((c) => [c.from, firstHop(c)]),
    centre,
    nodeHeight,
  );
  const ins = spread(
    chains.map((c) => [c.to, lastHop(c)]),
    centre,
    nodeHeight,
  );
  return {
    out: (c) => outs.get(key(c.from, firstHop(c))) ?? 0,
    in: (c) => ins.get(key(c.to, lastHop(c))) ?? 0,
  };
}

function spread(
  pairs: [string, string][],
  centre: (id: string) => number,
  nodeHeight: number,
): Map<string, number> {
  const hops = new Map<string, Set<string>>();
  for (const [node, hop] of pairs) hops.set(node, (hops.get(node) ?? new Set()).add(hop));
  const out = new Map<string, number>();
  for (const [node, set] of hops) {
    const sorted = [...set].sort((a, b) => centre(a) - centre(b));
    const step = Math.min(MAX_STEP, (nodeHeight - 2 * INSET) / Math.max(1, sorted.length - 1));
    sorted.forEach((hop, i) => out.set(key(node, hop), (i - (sorted.length - 1) / 2) * step));
  }
  return out;
}

function key(node: string, hop: string): string {
  return `${node}\u0000${hop}`;
}
