/** The last `size` latency samples, for exact percentiles over a recent window. */
export class LatencyWindow {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(size: number) {
    this.values = new Float64Array(size);
  }

  add(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % this.values.length;
    this.count = Math.min(this.count + 1, this.values.length);
  }

  summary(): { p50: number; p99: number; max: number; samples: number } {
    if (this.count === 0) return { p50: 0, p99: 0, max: 0, samples: 0 };
    const sorted = this.values.slice(0, this.count).sort();
    const at = (p: number) => sorted[Math.min(this.count - 1, Math.floor(p * this.count))]!;
    return { p50: at(0.5), p99: at(0.99), max: sorted[this.count - 1]!, samples: this.count };
  }
}
