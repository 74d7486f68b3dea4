import { createGenerator } from './generator.js';
let t0 = performance.now();
const g = createGenerator({ seed: 42, now: () => Date.parse('2025-01-01T12:00:00Z') });
console.log('create ms', performance.now() - t0);
t0 = performance.now();
const items = Array.from({ length: 20000 }, () => g.next());
console.log('20k ms', performance.now() - t0);
const names = new Map<string, number>();
for (const it of items) {
  const k = it.kind === 'raw' ? 'RAW' : String(it.event.event ?? it.event.type);
  names.set(k, (names.get(k) ?? 0) + 1);
}
console.log([...names].sort((a, b) => b[1] - a[1]));
const ts = items.flatMap((i) => (i.kind === 'event' ? [String(i.event.timestamp)] : [])).sort();
console.log(ts[0], ts[Math.floor(ts.length / 2)], ts[ts.length - 1]);
t0 = performance.now();
for (let i = 0; i < 100000; i++) g.next();
console.log('100k ms', performance.now() - t0);
