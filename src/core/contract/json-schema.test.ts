import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PROJECT_ROOT } from '../paths.js';
import { contractJsonSchema } from './json-schema.js';

it('schemas/event-v1.json is the contract as generated (run: storepulse schema > schemas/event-v1.json)', () => {
  const file = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'schemas/event-v1.json'), 'utf8'),
  ) as unknown;
  expect(file).toEqual(contractJsonSchema());
});

it('the published schema validates an envelope and rejects a bad one', () => {
  const ajv = new Ajv2020({ strict: false });
  const validate = ajv.compile(contractJsonSchema());
  expect(validate({ type: 'track', event: 'Order Completed', userId: 'u1', properties: {} })).toBe(
    true,
  );
  expect(validate({ type: 'track', userId: 7 })).toBe(false);
});
