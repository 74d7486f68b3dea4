import { InfraError } from '../../core/errors.js';

interface Signal {
  promise: Promise<never>;
  reject: (err: Error) => void;
}

function signal(): Signal {
  let reject: (err: Error) => void = () => {};
  const promise = new Promise<never>((_, r) => (reject = r));
  // Nobody may be waiting when the link drops: that is not an unhandled rejection.
  promise.catch(() => {});
  return { promise, reject };
}

/**
 * Whether the connection to NATS is up now. While it is down the client buffers what is
 * published and a request would wait out its whole timeout; a writer asks this instead and
 * fails at once, so the collector answers 503 without holding its clients.
 */
export class Link {
  private up = true;
  private lost = signal();

  isUp(): boolean {
    return this.up;
  }

  /** Rejects with a retriable InfraError when the connection goes down (at once if it is). */
  whenLost(): Promise<never> {
    return this.lost.promise;
  }

  down(why: string): void {
    if (!this.up) return;
    this.up = false;
    this.lost.reject(new InfraError(`NATS connection is down (${why})`, true));
  }

  restored(): void {
    if (this.up) return;
    this.up = true;
    this.lost = signal();
  }
}
