import { useCallback } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useMeta } from './meta';

/** A page's view state lives in the URL, so a link shares exactly what is on screen. */
export function useQueryParam(
  name: string,
  fallback: string,
): [string, (value: string | null) => void] {
  const search = useSearch();
  const [path, navigate] = useLocation();
  const value = new URLSearchParams(search).get(name) ?? fallback;
  const set = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(window.location.search);
      if (next === null || next === '') params.delete(name);
      else params.set(name, next);
      const qs = params.toString();
      navigate(`${path}${qs ? `?${qs}` : ''}`, { replace: true });
    },
    [name, navigate, path],
  );
  return [value, set];
}

export const PRESETS = [
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'mtd', label: 'Month to date' },
  { id: 'all', label: 'All data' },
] as const;

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The local days of a preset, given today and the data's first day (reporting time zone). */
export function presetDays(
  id: string,
  today: string,
  firstDay: string | null,
): { from: string; to: string } {
  switch (id) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'mtd':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'all':
      return { from: firstDay ?? addDays(today, -6), to: today };
    default:
      return { from: addDays(today, -6), to: today };
  }
}

/**
 * The selected date range: `?range=<preset>` (relative, so a shared link stays current) or
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD`. Days are local to the reporting time zone.
 */
export function useRange() {
  const meta = useMeta();
  const search = useSearch();
  const [path, navigate] = useLocation();
  const q = new URLSearchParams(search);
  const custom = q.get('from') && q.get('to');
  const preset = custom ? 'custom' : (q.get('range') ?? '7d');
  const today = meta?.today ?? new Date().toISOString().slice(0, 10);
  const days = custom
    ? { from: q.get('from')!, to: q.get('to')! }
    : presetDays(preset, today, meta?.firstDay ?? null);
  const go = (set: Record<string, string | null>) => {
    const params = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(set)) {
      if (v === null) params.delete(k);
      else params.set(k, v);
    }
    navigate(`${path}?${params.toString()}`, { replace: true });
  };
  return {
    ...days,
    preset,
    setPreset: (id: string) => go({ range: id, from: null, to: null }),
    setCustom: (from: string, to: string) => go({ range: null, from, to }),
  };
}
