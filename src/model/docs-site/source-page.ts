import type { Source } from '../project.js';
import { html } from './html.js';
import { layerBadge, linkList, page } from './page.js';
import { modelHref, type Site } from './site.js';

export function sourcePage(site: Site, key: string, source: Source): string {
  const readers = site.readers.get(key) ?? [];
  const body = html`<h1>${key} ${layerBadge('source')}</h1>
    <p class="lead">${source.description}</p>
    <dl class="facts">
      <dt>relation</dt>
      <dd><code>${source.relation}</code></dd>
    </dl>
    <h2>Read by</h2>
    ${linkList(readers.map((m) => ({ href: `../${modelHref(m.name)}`, text: m.name, extra: layerBadge(m.layer) })))}`;
  return page({ title: key, root: '../', body });
}
