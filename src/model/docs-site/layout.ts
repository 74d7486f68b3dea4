import { addDummies, assignColumns, type LayoutEdge, type LayoutNode } from './columns.js';
import { orderColumns } from './order.js';
import { placeRows } from './place.js';
import { ports } from './ports.js';

export interface Sizes {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  /** Room above the nodes for the layer titles. */
  top: number;
  margin: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Layout {
  /** Top-left corner of each real node's box. */
  boxes: Map<string, Point>;
  edges: { from: string; to: string; points: Point[] }[];
  bands: { band: number; x: number; width: number }[];
  nodeWidth: number;
  nodeHeight: number;
  width: number;
  height: number;
}

/**
 * A layered (Sugiyama-style) drawing: columns by layer, dummies for long edges, barycenter
 * ordering, then heights. Pure: the same graph always gives the same picture.
 */
export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], sizes: Sizes): Layout {
  const { column, bands } = assignColumns(nodes, edges);
  const layered = addDummies(nodes, edges, column);
  const columns = orderColumns(layered.columns, layered.segments);
  const centre = placeRows(columns, layered.segments, layered.dummies, sizes);
  const tops = [...centre].map(
    ([id, y]) => y - (layered.dummies.has(id) ? 0 : sizes.nodeHeight / 2),
  );
  const top = tops.length > 0 ? Math.min(...tops) : 0;
  const y = (id: string) => (centre.get(id) ?? 0) - top + sizes.top;
  const x = (c: number) => sizes.margin + c * (sizes.nodeWidth + sizes.columnGap);
  const colX = (id: string) => x(column.get(id) ?? dummyColumn(id));
  const boxes = new Map(
    nodes.map((n) => [n.id, { x: colX(n.id), y: y(n.id) - sizes.nodeHeight / 2 }]),
  );
  const port = ports(layered.chains, y, sizes.nodeHeight);
  const chains = layered.chains.map((e) => ({
    from: e.from,
    to: e.to,
    points: [
      { x: colX(e.from) + sizes.nodeWidth, y: y(e.from) + port.out(e) },
      ...e.via.flatMap((d) => [
        { x: colX(d), y: y(d) },
        { x: colX(d) + sizes.nodeWidth, y: y(d) },
      ]),
      { x: colX(e.to), y: y(e.to) + port.in(e) },
    ],
  }));
  const bottom = Math.max(sizes.top, ...[...centre.keys()].map((id) => y(id)));
  return {
    boxes,
    edges: chains,
    bands: bands.map((b) => ({
      band: b.band,
      x: x(b.first),
      width: b.count * sizes.nodeWidth + (b.count - 1) * sizes.columnGap,
    })),
    nodeWidth: sizes.nodeWidth,
    nodeHeight: sizes.nodeHeight,
    width: x(columns.length) - sizes.columnGap + sizes.margin,
    height: bottom + sizes.nodeHeight / 2 + sizes.margin,
  };
}

/** Dummy ids end in `@<column>` (see addDummies). */
function dummyColumn(id: string): number {
  return Number(id.slice(id.lastIndexOf('@') + 1));
}
