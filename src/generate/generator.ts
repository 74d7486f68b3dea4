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
import { botSession, shopperSession, type Shop } from './journey.js';
import { Rng } from './rng.js';
import type { Step, Steps, WireEvent } from './session.js';
import { Timeline } from './timeline.js';

export interface GeneratorOptions {
  seed: number;
  anomalies?: Partial<AnomalyRates>;
  /** The wall clock, epoch ms; live timestamps start from it. Default Date.now. */
  now?: () => number;
  /**
   * The pace of the simulated shop, default 200. Live timestamps keep step with the wall clock
   * only when this is the consumer's rate; sendToCollector sets it through `pace()`.
   */
  eventsPerSecond?: number;
  /** Simulate history from this instant (epoch ms), following the hour-of-day curve. */
  simulateFrom?: number;
}

export interface Generator {
  next(): WireItem;
  /** Tells the generator how many events per second its consumer takes. */
  pace?(eventsPerSecond: number): void;
}

type Queued =
  | (Timed & { kind: 'step'; step: Step; session: Steps; taken: number })
  /** A client retry of an event already sent: it goes out again as it is. */
  | (Timed & { kind: 'retry'; event: WireEvent });

// Sessions take minutes; starting with those already under way makes the first events look
// like a busy shop rather than one whose doors just opened.
const WARM_UP_MS = 8 * 60_000;

/**
 * Simulated shoppers. Sessions start on a timeline and run as paused step sequences; `next()`
 * hands out the earliest due step, so concurrent sessions interleave as on a real site.
 * One seed (and one `now`) always gives the same items, message ids included.
 */
export function createGenerator(options: GeneratorOptions): Generator {
  const rates: AnomalyRates = { ...DEFAULT_ANOMALIES, ...options.anomalies };
  const eventsPerSecond = options.eventsPerSecond ?? 200;
  checkOptions(rates);
  checkPace(eventsPerSecond);
  const now = options.now ?? Date.now;
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed);
  const rng = new Rng(options.seed);
  // Anomalies and arrivals draw from their own streams so they do not reshuffle the shoppers.
  const anomalyRng = new Rng(options.seed, 1);
  const timeline = new Timeline(
    new Rng(options.seed, 2),
    { now, simulateFrom: options.simulateFrom },
    eventsPerSecond,
  );
  const shop: Shop = {
    faker,
    rng,
    catalogue: buildCatalogue(faker, rng),
    population: new Population(faker, rng),
  };
  const queue = new TimeHeap<Queued>();
  const outbox: WireItem[] = [];
  let seq = 0;

  /** Queues the session's next step at or after `from`; earlier steps are skipped unbuilt. */
  function resume(session: Steps, taken: number, from: number): void {
    for (let next = session.next(); !next.done; next = session.next()) {
      taken += 1;
      const step = next.value;
      if (step.at >= from) {
        queue.push({ kind: 'step', at: step.at, seq: seq++, step, session, taken });
        return;
      }
    }
    timeline.sessionEnded(taken);
  }

  function startSession(at: number, from: number): void {
    const plan = anomalyRng.chance(rates.bot) ? botSession : shopperSession;
    resume(plan(shop, at), 0, from);
    timeline.advance();
  }

  function emitNext(): void {
    const start = timeline.peek();
    const head = queue.peek();
    if (head === undefined || start <= head.at) startSession(start, start);
    const due = queue.pop();
    if (due === undefined) return;
    if (due.kind === 'retry') {
      outbox.push({ kind: 'event', event: due.event });
      return;
    }
    const event = due.step.build();
    resume(due.session, due.taken, due.at);
    const { items, retry } = injectAnomalies(event, rates, anomalyRng);
    outbox.push(...items);
    if (retry) {
      const at = due.at + anomalyRng.int(1_000, 30_000);
      queue.push({ kind: 'retry', at, seq: seq++, event: retry });
    }
  }

  /** Opens the shop on the first call, so the origin is the clock at that moment. */
  function warmUp(): void {
    const origin = options.simulateFrom ?? now();
    timeline.begin(origin - WARM_UP_MS);
    while (timeline.upcoming < origin) startSession(timeline.upcoming, origin);
  }

  let opened = false;
  return {
    next() {
      if (!opened) {
        opened = true;
        warmUp();
      }
      for (;;) {
        const item = outbox.shift();
        if (item) return item;
        emitNext();
      }
    },
    pace(perSecond) {
      checkPace(perSecond);
      timeline.eventsPerSecond = perSecond;
    },
  };
}

function checkOptions(rates: AnomalyRates): void {
  const problems = Object.entries(rates)
    .filter(([, p]) => !(Number.isFinite(p) && p >= 0 && p <= 1))
    .map(([name, p]) => `anomaly rate ${name} must be within [0, 1], got ${String(p)}`);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}

function checkPace(eventsPerSecond: number): void {
  if (!(Number.isFinite(eventsPerSecond) && eventsPerSecond > 0)) {
    throw new RangeError(`eventsPerSecond must be positive, got ${String(eventsPerSecond)}`);
  }
}
