/** Inlined into every page so each file opens on its own, offline. */
export const CSS = `
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --link: #1d4ed8;
  --source: #f1f5f9; --source-b: #94a3b8; --staging: #e0f2fe; --staging-b: #38bdf8;
  --intermediate: #fef3c7; --intermediate-b: #f59e0b; --marts: #dcfce7; --marts-b: #22c55e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
header.top { padding: 10px 24px; border-bottom: 1px solid var(--line); background: #fafafa; }
header.top a { font-weight: 600; color: var(--ink); text-decoration: none; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
main.wide { max-width: none; }
a { color: var(--link); }
h1 { font-size: 1.6rem; margin: 0.6em 0 0.2em; }
h2 { font-size: 1.15rem; margin: 1.8em 0 0.5em; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td:first-child { white-space: nowrap; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f8fafc; border: 1px solid var(--line); border-radius: 6px; padding: 12px;
  overflow-x: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px;
  border: 1px solid var(--line); background: #f9fafb; white-space: nowrap; }
.layer-source { background: var(--source); border-color: var(--source-b); }
.layer-staging { background: var(--staging); border-color: var(--staging-b); }
.layer-intermediate { background: var(--intermediate); border-color: var(--intermediate-b); }
.layer-marts { background: var(--marts); border-color: var(--marts-b); }
.status-pass { background: #dcfce7; border-color: #22c55e; }
.status-warn { background: #fef3c7; border-color: #f59e0b; }
.status-fail, .status-error { background: #fee2e2; border-color: #ef4444; }
ul.links { padding-left: 1.2em; margin: 0.2em 0; }
details > summary { cursor: pointer; color: var(--muted); }
.test { margin: 10px 0 16px; }
.graph { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
svg .band { stroke: none; }
svg .band-label { font-size: 13px; font-weight: 600; fill: var(--muted); text-transform: uppercase;
  letter-spacing: 0.06em; }
svg .node rect { stroke-width: 1.5; }
svg .node .name { font-size: 13px; font-weight: 600; fill: var(--ink); }
svg .node .sub { font-size: 11px; fill: var(--muted); }
svg .kind-source rect { fill: var(--source); stroke: var(--source-b); }
svg .kind-staging rect { fill: var(--staging); stroke: var(--staging-b); }
svg .kind-intermediate rect { fill: var(--intermediate); stroke: var(--intermediate-b); }
svg .kind-marts rect { fill: var(--marts); stroke: var(--marts-b); }
svg a:hover rect, svg a:focus rect { stroke-width: 3; }
svg .edge { fill: none; stroke: #9ca3af; stroke-width: 1.3; }
svg.focus .edge { opacity: 0.15; }
svg.focus .edge.hl { opacity: 1; stroke: #374151; stroke-width: 2; }
`;

/** Hovering a node highlights its direct edges; the page works without it. */
export const GRAPH_JS = `
for (const svg of document.querySelectorAll('svg.lineage')) {
  for (const node of svg.querySelectorAll('.node')) {
    const id = node.getAttribute('data-node');
    const edges = [...svg.querySelectorAll('.edge')].filter(
      (e) => e.getAttribute('data-from') === id || e.getAttribute('data-to') === id);
    node.addEventListener('mouseenter', () => {
      svg.classList.add('focus');
      for (const e of edges) e.classList.add('hl');
    });
    node.addEventListener('mouseleave', () => {
      svg.classList.remove('focus');
      for (const e of edges) e.classList.remove('hl');
    });
  }
}
`;
