import { useEffect, useRef, useState } from 'react';

/** An API failure as the server describes it ({ error: { code, message } }). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(
  path: string,
  params: Record<string, string | undefined> = {},
): Promise<T> {
  const qs = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  ).toString();
  const res = await fetch(`/api/v1${path}${qs ? `?${qs}` : ''}`, {
    headers: { accept: 'application/json' },
  });
  const body = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string };
  } | null;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'http_error',
      body?.error?.message ?? `HTTP ${res.status}`,
    );
  }
  return body as T;
}

export interface ApiState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

/**
 * Loads `path` with `params`, again whenever they change and every `refreshMs` (the marts
 * refresh every minute). Keeps showing the last data while a reload is in flight.
 */
export function useApi<T>(
  path: string,
  params: Record<string, string | undefined> = {},
  refreshMs = 30_000,
): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ data: null, error: null, loading: true });
  const key = JSON.stringify([path, params]);
  const latest = useRef(key);
  useEffect(() => {
    latest.current = key;
    let stopped = false;
    const load = () => {
      setState((s) => ({ ...s, loading: true }));
      getJson<T>(path, params).then(
        (data) =>
          !stopped && latest.current === key && setState({ data, error: null, loading: false }),
        (error: unknown) =>
          !stopped &&
          latest.current === key &&
          setState((s) => ({
            data: s.data,
            loading: false,
            error: error instanceof ApiError ? error : new ApiError(0, 'network', String(error)),
          })),
      );
    };
    load();
    const timer = refreshMs > 0 ? setInterval(load, refreshMs) : undefined;
    return () => {
      stopped = true;
      clearInterval(timer);
    };
    // `key` stands for path and params: they change exactly when it does.
  }, [key, refreshMs]);
  return state;
}
