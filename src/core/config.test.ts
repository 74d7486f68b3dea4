import { expect, it } from 'vitest';
import { loadConfig, parseWriteKeys } from './config.js';
import { ConfigError } from './errors.js';

it('reads env, lets flags override it, fills defaults and freezes the result', () => {
  const c = loadConfig(
    {
      STOREPULSE_WRITE_KEYS: 'k1:shopA,k2',
      STOREPULSE_PORT: '9000',
      STOREPULSE_LOG_FSYNC: 'false',
    },
    { 'http.port': '9100' },
  );
  expect(c.http.port).toBe(9100);
  expect(c.log.fsync).toBe(false);
  expect(c.collector.maxEventBytes).toBe(32 * 1024);
  expect(c.warehouse.checkpointMb).toBe(256);
  expect(Object.isFrozen(c.collector)).toBe(true);
  expect([...parseWriteKeys(c.collector.writeKeys)]).toEqual([
    ['k1', 'shopA'],
    ['k2', 'k2…'],
  ]);
});

it('lists every problem at once, naming the environment variable', () => {
  let error: unknown;
  try {
    loadConfig(
      { STOREPULSE_PORT: 'eighty', STOREPULSE_DEFAULT_CURRENCY: 'euro' },
      { 'processor.batchSize': 0 },
    );
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  expect(problems).toMatch(/http\.port \(STOREPULSE_PORT\)/);
  expect(problems).toMatch(/processor\.defaultCurrency \(STOREPULSE_DEFAULT_CURRENCY\)/);
  expect(problems).toMatch(/processor\.batchSize \(STOREPULSE_BATCH_SIZE\)/);
  expect(problems).toMatch(
    /collector\.writeKeys \(STOREPULSE_WRITE_KEYS\) must have required property/,
  );
});

it('brings a demo write key in demo mode only', () => {
  expect(loadConfig({}, { 'demo.enabled': true }).collector.writeKeys).toBe('demo:demo');
  expect(() => loadConfig({}, {})).toThrow(ConfigError);
});
