import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGenerator } from './generator.js';
import { writeNdjson } from './ndjson.js';

const NOW = Date.parse('2025-03-14T15:00:00.000Z');
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storepulse-generate-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeNdjson', () => {
  it('writes one event per line, raw items as their raw text', async () => {
    const file = join(dir, 'nested', 'events.ndjson');
    const generator = createGenerator({
      seed: 9,
      now: () => NOW,
      anomalies: { malformedJson: 0.1 },
    });
    const { written } = await writeNdjson({ file, count: 2500, generator });
    expect(written).toBe(2500);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(2500);
    const parsed = lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    expect(parsed.length).toBeGreaterThan(2000);
    expect(parsed.length).toBeLessThan(2500);
    for (const event of parsed) expect(['track', 'page', 'identify']).toContain(event.type);
  });

  it('writes the same file for the same seed and clock', async () => {
    const write = async (name: string) => {
      const file = join(dir, name);
      const generator = createGenerator({ seed: 4, now: () => NOW });
      await writeNdjson({ file, count: 500, generator });
      return readFile(file, 'utf8');
    };
    expect(await write('a.ndjson')).toBe(await write('b.ndjson'));
  });
});
