import { useEffect, useState } from 'react';
import type { LiveTick } from '@api/types';

type Listener = (tick: LiveTick) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;

/** One EventSource for the whole app, open while any component listens. */
function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource('/api/v1/stream');
    source.addEventListener('tick', (e) => {
      const tick = JSON.parse((e as MessageEvent<string>).data) as LiveTick;
      for (const l of listeners) l(tick);
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
    }
  };
}

/** Calls `onTick` with every live tick pushed by the server (revenue, orders, new events). */
export function useLiveTicks(onTick: Listener, enabled = true): void {
  useEffect(() => (enabled ? subscribe(onTick) : undefined), [onTick, enabled]);
}

/** Whether ticks are arriving: false after 5 s without one. */
export function useLiveConnected(): boolean {
  const [last, setLast] = useState(0);
  const [now, setNow] = useState(Date.now());
  useEffect(() => subscribe(() => setLast(Date.now())), []);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now - last < 5000;
}
