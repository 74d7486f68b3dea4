import type { Rng } from './rng.js';

export interface TimelineOptions {
  now: () => number;
  /** Simulate history from this instant (epoch ms) instead of following the wall clock. */
  simulateFrom: number | undefined;
}

// Relative session starts per UTC hour (the shop's clock): quiet nights, a lunch bump and an
// evening peak. Normalised below so the daily mean rate is the configured one.
const HOURLY = [
  0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.5, 0.75, 0.95, 1.05, 1.1, 1.2, 1.3, 1.2, 1.1, 1.1, 1.15, 1.3,
  1.5, 1.7, 1.8, 1.6, 1.1, 0.6,
];
const HOURLY_MEAN = HOURLY.reduce((a, b) => a + b, 0) / HOURLY.length;

/** The relative session start rate at an instant; the mean over a day is 1. */
export function hourWeight(at: number): number {
  return (HOURLY[new Date(at).getUTCHours()] ?? HOURLY_MEAN) / HOURLY_MEAN;
}

// Until enough sessions have been seen, assume this many events per session.
const PRIOR_EVENTS_PER_SESSION = 14;
const PRIOR_SESSIONS = 20;

/**
 * When sessions start: a Poisson process. Live, it never starts a session before the wall
 * clock, so a sender slower than `eventsPerSecond` still sends current timestamps; it is flat,
 * because the sender's own rate sets the pace. Simulated, it runs on its own clock and follows
 * the hour-of-day curve.
 */
export class Timeline {
  private nextStart = 0;
  private sessions = 0;
  private events = 0;

  constructor(
    private readonly rng: Rng,
    private readonly options: TimelineOptions,
    /** Average events per second the simulated shop produces. */
    public eventsPerSecond: number,
  ) {}

  /** Puts the first session start at `at`. */
  begin(at: number): void {
    this.nextStart = at;
  }

  /** The next session's start, without the wall-clock floor (for warming up). */
  get upcoming(): number {
    return this.nextStart;
  }

  peek(): number {
    if (this.options.simulateFrom === undefined) {
      this.nextStart = Math.max(this.nextStart, this.options.now());
    }
    return this.nextStart;
  }

  /** Draws the next start after the one just taken. */
  advance(): void {
    // Sessions per second follow from the observed events per session, so the event rate
    // comes out at `eventsPerSecond` whatever the journeys look like.
    const perSession =
      (this.events + PRIOR_EVENTS_PER_SESSION * PRIOR_SESSIONS) / (this.sessions + PRIOR_SESSIONS);
    const curve = this.options.simulateFrom === undefined ? 1 : hourWeight(this.nextStart);
    const sessionsPerMs = (this.eventsPerSecond * curve) / perSession / 1000;
    this.nextStart += Math.round(this.rng.exponential(1 / sessionsPerMs));
  }

  /** Counts a finished session's events, calibrating the arrival rate. */
  sessionEnded(events: number): void {
    this.sessions += 1;
    this.events += events;
  }
}
