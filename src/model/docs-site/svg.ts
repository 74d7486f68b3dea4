import { html, type Raw } from './html.js';
import type { Layout, Point } from './layout.js';
import { CHAR_WIDTH, KINDS, type LineageGraph, type LineageNode } from './lineage.js';

const BAND_TITLES = ['sources', 'staging', 'intermediate', 'marts'];
const PAD = 10;

/** The lineage as inline SVG; `root` prefixes the links (`''` on the index page). */
export function lineageSvg(graph: LineageGraph, root = ''): Raw {
  const { layout } = graph;
  return html`<svg
    class="lineage"
    xmlns="http://www.w3.org/2000/svg"
    role="img"
    aria-label="Model lineage: sources, staging, intermediate, marts"
    width="${layout.width}"
    height="${layout.height}"
    viewBox="0 0 ${layout.width} ${layout.height}"
  >
    <defs>
      <marker
        id="arrow"
        viewBox="0 0 10 10"
        refX="9"
        refY="5"
        markerUnits="userSpaceOnUse"
        markerWidth="8"
        markerHeight="8"
        orient="auto"
      >
        <path d="M0,0 L10,5 L0,10 z" fill="#6b7280" />
      </marker>
    </defs>
    ${layout.bands.map(
      (b) =>
        html`<rect
            class="band"
            x="${b.x - PAD}"
            y="6"
            width="${b.width + 2 * PAD}"
            height="${layout.height - 12}"
            rx="8"
            fill="${bandFill(b.band)}"
          />
          <text class="band-label" x="${b.x}" y="28">${BAND_TITLES[b.band] ?? ''}</text> `,
    )}
    ${layout.edges.map(
      (e) =>
        html`<path
          class="edge"
          data-from="${e.from}"
          data-to="${e.to}"
          d="${pathData(e.points)}"
          marker-end="url(#arrow)"
        /> `,
    )}
    ${graph.nodes.map((n) => nodeBox(n, layout, root))}
  </svg>`;
}

function nodeBox(n: LineageNode, layout: Layout, root: string): Raw {
  const at = layout.boxes.get(n.id);
  if (!at) return html``;
  const { nodeWidth: width, nodeHeight: height } = layout;
  return html`<a href="${root + n.href}"
    ><g class="node kind-${n.kind}" data-node="${n.id}" transform="translate(${r(at.x)},${r(at.y)})"
      ><title>${n.label}: ${n.tooltip}</title>
      <rect width="${width}" height="${height}" rx="6" />
      <text class="name" x="${PAD}" y="18">${fit(n.label, width)}</text>
      <text class="sub" x="${PAD}" y="${height - 9}">${fit(n.detail, width)}</text></g
    ></a
  > `;
}

/** Names longer than the box are cut with an ellipsis; the tooltip keeps the whole one. */
function fit(text: string, width: number): string {
  const max = Math.floor((width - 2 * PAD) / CHAR_WIDTH);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Horizontal S-curves between consecutive points; straight runs through dummy lanes. */
export function pathData(points: Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${r(first.x)},${r(first.y)}`;
  let prev = first;
  for (const p of rest) {
    const mid = (prev.x + p.x) / 2;
    d +=
      p.y === prev.y
        ? ` L${r(p.x)},${r(p.y)}`
        : ` C${r(mid)},${r(prev.y)} ${r(mid)},${r(p.y)} ${r(p.x)},${r(p.y)}`;
    prev = p;
  }
  return d;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function bandFill(band: number): string {
  const kind = KINDS[band] ?? 'source';
  return { source: '#f8fafc', staging: '#f0f9ff', intermediate: '#fffbeb', marts: '#f0fdf4' }[kind];
}
