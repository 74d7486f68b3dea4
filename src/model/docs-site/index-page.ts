import { LAYERS } from '../project.js';
import { html, type Raw } from './html.js';
import { lineageGraph } from './lineage.js';
import { badge, layerBadge, page } from './page.js';
import { modelHref, sourceHref, type Site } from './site.js';
import { lineageSvg } from './svg.js';

export function indexPage(site: Site): string {
  const { project } = site;
  const graph = lineageGraph(site);
  const tests = [...site.testsByModel.values()].reduce((n, t) => n + t.length, 0);
  const body = html`<h1>Models</h1>
    <p class="lead">
      ${project.models.length} models, ${graph.nodes.length - project.models.length} sources read,
      ${tests} data tests. Click a box for its page; hover to see its edges.
    </p>
    <div class="graph">${lineageSvg(graph)}</div>
    <h2>All models</h2>
    ${modelTable(site)}
    <h2>Sources</h2>
    ${sourceTable(site)}`;
  return page({ title: 'Lineage', root: '', body, wide: true });
}

function modelTable(site: Site): Raw {
  const byLayer = [...site.project.models].sort(
    (a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer) || a.name.localeCompare(b.name),
  );
  const rows = byLayer.map((m) => {
    const tests = site.testsByModel.get(m.name) ?? [];
    const failing = site.results
      ? tests.filter((t) => (site.results?.get(t.name)?.failures ?? 0) > 0).length
      : 0;
    return html`<tr>
      <td><a href="${modelHref(m.name)}">${m.name}</a></td>
      <td>${layerBadge(m.layer)}</td>
      <td>${m.spec.config.materialized}</td>
      <td><code>${m.spec.config.grain.join(', ')}</code></td>
      <td>${m.spec.description}</td>
      <td>${tests.length}${failing > 0 && html` ${badge(`${failing} failing`, 'status-fail')}`}</td>
    </tr>`;
  });
  return html`<table>
    <thead>
      <tr>
        <th>model</th>
        <th>layer</th>
        <th>materialized</th>
        <th>grain</th>
        <th>description</th>
        <th>tests</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function sourceTable(site: Site): Raw {
  const rows = [...site.project.sources].map(
    ([key, s]) =>
      html`<tr>
        <td><a href="${sourceHref(key)}">${key}</a></td>
        <td><code>${s.relation}</code></td>
        <td>${s.description}</td>
        <td>${site.readers.get(key)?.length ?? 0}</td>
      </tr>`,
  );
  return html`<table>
    <thead>
      <tr>
        <th>source</th>
        <th>relation</th>
        <th>description</th>
        <th>read by</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
