import { Faker, en } from '@faker-js/faker';
import {
  DEFAULT_ANOMALIES,
  injectAnomalies,
  type AnomalyRates,
  type WireItem,
} from './anomalies.js';
import { buildCatalogue } from './catalogue.js';
import { Population } from './customers.js';
import { TimeHeap, type Timed } from './heap.js';
import { planBotSession, planSession, type Shop } from './journey.js';
import { Rng } from './rng.js';
import type { WireEvent } from './session.js';
import { Timeline } from './timeline.js';

export interface GeneratorOptions {
  seed: number;
  anomalies?: Partial<AnomalyRates>;
  /** The wall clock, epoch ms; live timestamps start from it. Default Date.now. */
  now?: () => number;
  /**
   * The pace of the simulated shop (default 200). Set it to the sender's rate so live
   * timestamps keep step with the wall clock.
   */
  eventsPerSecond?: number;
  /** Simulate history from this instant (epoch ms), following the hour-of-day curve. */
  simulateFrom?: number;
}

export interface Generator {
  next(): WireItem;
}

interface Queued extends Timed {
  event: WireEvent;
  /** A client retry of an event already sent: it goes out as it is. */
  isRetry: boolean;
}

/**
 * Simulated shoppers. Sessions start on a timeline and their events are queued at their own
 * times; `next()` hands out the earliest, so concurrent sessions interleave as on a real site.
 * One seed (and one `now`) always gives the same items, message ids included.
 */
export function createGenerator(options: GeneratorOptions): Generator {
  const rates: AnomalyRates = { ...DEFAULT_ANOMALIES, ...options.anomalies };
  const eventsPerSecond = options.eventsPerSecond ?? 200;
  checkOptions(rates, eventsPerSecond);
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed);
  const rng = new Rng(options.seed);
  // Anomalies and arrivals draw from their own streams so they do not reshuffle the shoppers.
  const anomalyRng = new Rng(options.seed, 1);
  const timeline = new Timeline(new Rng(options.seed, 2), {
    now: options.now ?? Date.now,
    eventsPerSecond,
    simulateFrom: options.simulateFrom,
  });
  const shop: Shop = {
    faker,
    rng,
    catalogue: buildCatalogue(faker, rng),
    population: new Population(faker, rng),
  };
  const queue = new TimeHeap<Queued>();
  const outbox: WireItem[] = [];
  let seq = 0;

  function startSession(at: number): void {
    const drafts = anomalyRng.chance(rates.bot) ? planBotSession(shop, at) : planSession(shop, at);
    for (const draft of drafts) queue.push({ ...draft, seq: seq++, isRetry: false });
    timeline.advance(drafts.length);
  }

  function emitNext(): void {
    const start = timeline.peek();
    const head = queue.peek();
    if (head === undefined || start <= head.at) startSession(start);
    const due = queue.pop();
    if (due === undefined) return;
    if (due.isRetry) {
      outbox.push({ kind: 'event', event: due.event });
      return;
    }
    const { items, retry } = injectAnomalies(due.event, rates, anomalyRng);
    outbox.push(...items);
    if (retry) {
      const at = due.at + anomalyRng.int(1_000, 30_000);
      queue.push({ at, seq: seq++, event: retry, isRetry: true });
    }
  }

  return {
    next() {
      for (;;) {
        const item = outbox.shift();
        if (item) return item;
        emitNext();
      }
    },
  };
}

function checkOptions(rates: AnomalyRates, eventsPerSecond: number): void {
  const problems = Object.entries(rates)
    .filter(([, p]) => !(Number.isFinite(p) && p >= 0 && p <= 1))
    .map(([name, p]) => `anomaly rate ${name} must be within [0, 1], got ${String(p)}`);
  if (!(Number.isFinite(eventsPerSecond) && eventsPerSecond > 0)) {
    problems.push(`eventsPerSecond must be positive, got ${String(eventsPerSecond)}`);
  }
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}
