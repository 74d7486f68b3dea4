import type { MessagePort, Worker } from 'node:worker_threads';

/** Calls between the main thread and the processor's worker thread. */
interface Call {
  type: 'call';
  id: number;
  method: string;
  args: unknown[];
}
interface Reply {
  type: 'reply';
  id: number;
  result?: unknown;
  error?: string;
}
type Port = MessagePort | Worker;

export function createCaller(port: Port) {
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  port.on('message', (m: Reply | { type: string }) => {
    if (m.type !== 'reply') return;
    const reply = m as Reply;
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) p?.reject(new Error(reply.error));
    else p?.resolve(reply.result);
  });
  return {
    call<T>(method: string, ...args: unknown[]): Promise<T> {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        port.postMessage({ type: 'call', id, method, args } satisfies Call);
      });
    },
    /** Fails every call in flight (the other side is gone). */
    failAll(error: Error): void {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    },
  };
}

export function serveCalls(
  port: Port,
  handlers: Record<string, (...args: never[]) => unknown>,
): void {
  port.on('message', (m: Call | { type: string }) => {
    if (m.type !== 'call') return;
    const call = m as Call;
    const handler = handlers[call.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no method ${call.method}`);
        return handler(...(call.args as never[]));
      })
      .then(
        (result) => port.postMessage({ type: 'reply', id: call.id, result } satisfies Reply),
        (err: unknown) =>
          port.postMessage({
            type: 'reply',
            id: call.id,
            error: (err as Error)?.message ?? String(err),
          } satisfies Reply),
      );
  });
}
