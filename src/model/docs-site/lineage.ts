import { LAYERS, type Layer } from '../project.js';
import { layeredLayout, type Layout } from './layout.js';
import { modelHref, sourceHref, usedSources, type Site } from './site.js';

export type NodeKind = 'source' | Layer;

export interface LineageNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Second line in the box: the materialization, or the relation a source is. */
  detail: string;
  tooltip: string;
  href: string;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: { from: string; to: string }[];
  layout: Layout;
}

export const KINDS: readonly NodeKind[] = ['source', ...LAYERS];
/** About the width of a 13px bold system-font character; names are lower-case ASCII. */
export const CHAR_WIDTH = 7.4;

export const modelId = (name: string) => `model:${name}`;
export const sourceId = (key: string) => `source:${key}`;

/** Sources (those read), then the models by layer; an edge per ref and per source read. */
export function lineageGraph(site: Site): LineageGraph {
  const sources: LineageNode[] = usedSources(site).map(([key, s]) => ({
    id: sourceId(key),
    kind: 'source',
    label: key,
    detail: s.relation,
    tooltip: s.description || key,
    href: sourceHref(key),
  }));
  const models: LineageNode[] = [...site.project.models]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => ({
      id: modelId(m.name),
      kind: m.layer,
      label: m.name,
      detail: m.spec.config.materialized,
      tooltip: m.spec.description,
      href: modelHref(m.name),
    }));
  const nodes = [...sources, ...models];
  const edges = site.project.models.flatMap((m) => [
    ...m.sources.map((s) => ({ from: sourceId(s), to: modelId(m.name) })),
    ...m.refs.map((r) => ({ from: modelId(r), to: modelId(m.name) })),
  ]);
  const longest = Math.max(12, ...nodes.map((n) => n.label.length));
  const layout = layeredLayout(
    nodes.map((n) => ({ id: n.id, band: KINDS.indexOf(n.kind) })),
    edges,
    {
      nodeWidth: Math.min(280, Math.round(longest * CHAR_WIDTH + 24)),
      nodeHeight: 42,
      columnGap: 90,
      rowGap: 14,
      top: 44,
      margin: 16,
    },
  );
  return { nodes, edges, layout };
}
