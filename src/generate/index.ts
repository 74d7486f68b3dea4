/**
 * Demo traffic: seeded synthetic shoppers producing Segment-style events (with bad data mixed
 * in at configurable rates), and the clients that send them to the collector or to NDJSON.
 */
export { createGenerator, type Generator, type GeneratorOptions } from './generator.js';
export { DEFAULT_ANOMALIES, NO_ANOMALIES, type AnomalyRates, type WireItem } from './anomalies.js';
export { sendToCollector, type SendOptions, type SendStats } from './send.js';
export { writeNdjson, type NdjsonOptions } from './ndjson.js';
export { registerGenerate } from './command.js';
