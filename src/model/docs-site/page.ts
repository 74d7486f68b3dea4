import { html, Raw } from './html.js';
import { CSS, GRAPH_JS } from './style.js';

/** A whole page; `root` is the way back to the site root from the page's folder. */
export function page(opts: { title: string; root: string; body: Raw; wide?: boolean }): string {
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · storepulse models</title>
<style>${new Raw(CSS)}</style>
</head>
<body>
<header class="top"><a href="${opts.root}index.html">storepulse models</a></header>
<main${opts.wide ? new Raw(' class="wide"') : ''}>
${opts.body}
</main>
<script>${new Raw(GRAPH_JS)}</script>
</body>
</html>
`;
  return doc.value;
}

export function badge(text: string, className: string): Raw {
  return html`<span class="badge ${className}">${text}</span>`;
}

export function layerBadge(layer: string): Raw {
  return badge(layer, `layer-${layer}`);
}

/** A list of links, or a dash when there is nothing to list. */
export function linkList(items: { href: string; text: string; extra?: Raw }[]): Raw {
  if (items.length === 0) return html`<p>—</p>`;
  return html`<ul class="links">
    ${items.map((i) => html`<li><a href="${i.href}">${i.text}</a> ${i.extra}</li>`)}
  </ul>`;
}
