export { createGenerator, type Generator, type GeneratorOptions } from './generator.js';
export { DEFAULT_ANOMALIES, type AnomalyRates, type WireItem } from './anomalies.js';
export { sendToCollector, type SendOptions, type SendStats } from './send.js';
export { writeNdjson, type NdjsonOptions } from './ndjson.js';
export { registerGenerate } from './command.js';
