import type { DataTest } from '../datatests.js';
import type { Model } from '../project.js';
import { html, type Raw } from './html.js';
import { layerBadge, linkList, page } from './page.js';
import { modelHref, sourceHref, type Site } from './site.js';
import { describeTest, statusBadge } from './test-format.js';

/** Everything about one model: config, neighbours, columns, tests and their SQL, the SQL. */
export function modelPage(site: Site, model: Model): string {
  const { spec } = model;
  const body = html`<h1>${model.name} ${layerBadge(model.layer)}</h1>
    <p class="lead">${spec.description}</p>
    ${facts(model)}
    <h2>Upstream</h2>
    ${upstream(site, model)}
    <h2>Downstream</h2>
    ${linkList((site.downstream.get(model.name) ?? []).map((m) => modelLink(m)))}
    <h2>Columns</h2>
    ${columns(model)}
    <h2>Model tests</h2>
    ${linkless((spec.tests ?? []).map(describeTest))}
    <h2>Data tests</h2>
    ${(site.testsByModel.get(model.name) ?? []).map((t) => dataTest(site, t))}
    <h2>SQL</h2>
    <pre><code>${model.sql}</code></pre>`;
  return page({ title: model.name, root: '../', body });
}

function facts(model: Model): Raw {
  const { config } = model.spec;
  return html`<dl class="facts">
    <dt>materialized</dt>
    <dd>${config.materialized}</dd>
    <dt>grain</dt>
    <dd><code>${config.grain.join(', ')}</code></dd>
    ${
      config.window_column !== undefined &&
      html`<dt>window column</dt>
        <dd><code>${config.window_column}</code></dd>`
    }
    ${
      config.lookback_minutes !== undefined &&
      html`<dt>lookback</dt>
        <dd>${config.lookback_minutes} minutes</dd>`
    }
    <dt>file</dt>
    <dd><code>models/${model.path}</code></dd>
  </dl>`;
}

function upstream(site: Site, model: Model): Raw {
  const refs = model.refs.flatMap((r) => {
    const m = site.project.byName.get(r);
    return m ? [modelLink(m)] : [];
  });
  const sources = model.sources.map((s) => ({
    href: `../${sourceHref(s)}`,
    text: s,
    extra: layerBadge('source'),
  }));
  return linkList([...refs, ...sources]);
}

function modelLink(m: Model) {
  return { href: `../${modelHref(m.name)}`, text: m.name, extra: layerBadge(m.layer) };
}

function columns(model: Model): Raw {
  const cols = model.spec.columns ?? [];
  if (cols.length === 0) return html`<p>No columns documented.</p>`;
  const grain = new Set(model.spec.config.grain);
  const rows = cols.map(
    (c) =>
      html`<tr>
        <td>
          <code>${c.name}</code>${grain.has(c.name) && html` <span class="badge">grain</span>`}
        </td>
        <td>${c.description}</td>
        <td>${(c.tests ?? []).map((t) => html`<code>${describeTest(t)}</code><br />`)}</td>
      </tr>`,
  );
  return html`<table>
    <thead>
      <tr>
        <th>column</th>
        <th>description</th>
        <th>tests</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function linkless(lines: string[]): Raw {
  if (lines.length === 0) return html`<p>—</p>`;
  return html`<ul>
    ${lines.map((l) => html`<li><code>${l}</code></li>`)}
  </ul>`;
}

/** A data test as the runner sees it: its name, severity, last status and failing-rows query. */
function dataTest(site: Site, t: DataTest): Raw {
  return html`<div class="test" id="${t.name}">
    <strong><code>${t.name}</code></strong> ${statusBadge(site.results?.get(t.name))}
    <span class="badge">${t.type}</span>
    <span class="badge">${t.severity}</span
    >${t.column !== null && html` on <code>${t.column}</code>`}
    <details>
      <summary>failing-rows SQL</summary>
      <pre><code>${t.sql}</code></pre>
    </details>
  </div>`;
}
