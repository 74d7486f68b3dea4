import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../core/paths.js';
import { loadProject, type Project } from './project.js';
import { collectTests } from './datatests.js';
import { writeDocsSite } from './docs-site.js';
import { esc } from './docs-site/html.js';
import { crossings, orderColumns } from './docs-site/order.js';

const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sp-docs-'));
  made.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

const count = (text: string, re: RegExp) => [...text.matchAll(re)].length;

describe('writeDocsSite on the real models', () => {
  let project: Project;
  let out: string;
  let files: string[];
  let svg: string;
  beforeAll(async () => {
    project = loadProject(MODELS_DIR);
    out = await tempDir();
    ({ files } = await writeDocsSite(project, out));
    const index = await readFile(join(out, 'index.html'), 'utf8');
    svg = /<svg[\s\S]*?<\/svg>/.exec(index)?.[0] ?? '';
  });

  it('draws one box per model and per source read, and one edge per dependency', () => {
    const used = new Set(project.models.flatMap((m) => m.sources));
    const deps = project.models.flatMap((m) => [
      ...m.refs.map((r) => `model:${r}>model:${m.name}`),
      ...m.sources.map((s) => `source:${s}>model:${m.name}`),
    ]);
    expect(svg).not.toBe('');
    expect(count(svg, /<g\s+class="node /g)).toBe(project.models.length + used.size);
    const edges = [
      ...svg.matchAll(/<path\s+class="edge"\s+data-from="([^"]+)"\s+data-to="([^"]+)"/g),
    ];
    expect(edges.map((e) => `${e[1]}>${e[2]}`).sort()).toEqual(deps.sort());
    for (const m of project.models) expect(svg).toContain(`href="models/${m.name}.html"`);
  });

  it('lays boxes out without overlaps, sources left of staging left of the rest', () => {
    const boxes = [
      ...svg.matchAll(/data-node="([^"]+)"\s+transform="translate\(([\d.]+),([\d.]+)\)"/g),
    ];
    const at = boxes.map((b) => ({ id: b[1]!, x: Number(b[2]), y: Number(b[3]) }));
    expect(at.length).toBeGreaterThan(0);
    for (const a of at) {
      for (const b of at) {
        if (a.id !== b.id && a.x === b.x) expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(42);
      }
    }
    const x = (prefix: string) => at.filter((b) => b.id.startsWith(prefix)).map((b) => b.x);
    expect(Math.max(...x('source:'))).toBeLessThan(Math.min(...x('model:stg_')));
  });

  it('writes a page per model with its escaped SQL, columns and test SQL', async () => {
    const tests = collectTests(project);
    for (const m of project.models) {
      const file = join(out, 'models', `${m.name}.html`);
      expect(files).toContain(file);
      const html = await readFile(file, 'utf8');
      expect(html).toContain(esc(m.sql));
      for (const c of m.spec.columns ?? []) expect(html).toContain(esc(c.description));
      for (const t of tests.filter((t) => t.model === m.name)) expect(html).toContain(esc(t.sql));
    }
  });

  it('links only to pages that exist, and loads nothing from the network', async () => {
    const pages = await htmlFiles(out);
    expect(pages.length).toBe(files.length);
    let links = 0;
    for (const page of pages) {
      const text = await readFile(page, 'utf8');
      expect(text).not.toMatch(/(src|href)="(https?:)?\/\//);
      for (const [, href] of text.matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
        links++;
        expect(existsSync(resolve(dirname(page), href!)), `${page} → ${href}`).toBe(true);
      }
    }
    expect(links).toBeGreaterThan(project.models.length);
  });
});

describe('writeDocsSite on a fixture project', () => {
  async function fixture(): Promise<string> {
    const dir = await tempDir();
    await mkdir(join(dir, 'staging'), { recursive: true });
    await writeFile(
      join(dir, 'staging', 'x.sql'),
      "select id from {{ source('raw', 'things') }} where 1 < 2 and note <> '<b>'\n",
    );
    await writeFile(
      join(dir, 'staging', '_x.yml'),
      [
        'version: 2',
        'sources:',
        '  - name: raw',
        '    tables: [{ name: things, description: "Things & <stuff>" }]',
        'models:',
        '  - name: x',
        '    description: "Rows where a < b & \\"c\\""',
        '    config: { materialized: view, grain: [id] }',
        '    columns:',
        '      - name: id',
        '        description: "<script>alert(1)</script>"',
        '        tests: [not_null]',
      ].join('\n'),
    );
    return dir;
  }

  it('escapes text from YAML and SQL', async () => {
    const out = await tempDir();
    await writeDocsSite(loadProject(await fixture()), out);
    const page = await readFile(join(out, 'models', 'x.html'), 'utf8');
    expect(page).toContain('Rows where a &lt; b &amp; &quot;c&quot;');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('where 1 &lt; 2 and note &lt;&gt; &#39;&lt;b&gt;&#39;');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<b>');
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<title>raw.things: Things &amp; &lt;stuff&gt;</title>');
  });

  it('shows the last status of each data test when results are given', async () => {
    const out = await tempDir();
    const results = new Map([['not_null_x_id', { status: 'fail', failures: 3 }]]);
    await writeDocsSite(loadProject(await fixture()), out, { testResults: results });
    const page = await readFile(join(out, 'models', 'x.html'), 'utf8');
    expect(page).toContain('<span class="badge status-fail">fail · 3 failing</span>');
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('1 failing');
  });
});

describe('orderColumns', () => {
  it('untangles crossing edges', () => {
    const columns = [
      ['a', 'b', 'c'],
      ['z', 'y', 'x'],
    ];
    const edges = [
      { from: 'a', to: 'x' },
      { from: 'b', to: 'y' },
      { from: 'c', to: 'z' },
    ];
    expect(crossings(columns, edges)).toBe(3);
    expect(crossings(orderColumns(columns, edges), edges)).toBe(0);
  });
});

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}
