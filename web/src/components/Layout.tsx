import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { LiveTick } from '@api/types';
import { fmtAge, fmtTime } from '../lib/format';
import { useLiveTicks } from '../lib/live';
import { useMeta } from '../lib/meta';
import { DateRangePicker } from './DateRangePicker';

export const NAV = [
  { path: '/overview', label: 'Overview', icon: '◉' },
  { path: '/funnel', label: 'Funnel', icon: '▼' },
  { path: '/products', label: 'Products', icon: '▦' },
  { path: '/customers', label: 'Customers', icon: '♥' },
  { path: '/live', label: 'Live', icon: '●' },
  { path: '/quality', label: 'Data quality', icon: '✔' },
  { path: '/pipeline', label: 'Pipeline', icon: '≡' },
];

/** How old the newest stored event is, kept current by the live feed. */
function FreshnessBadge() {
  const meta = useMeta();
  const [newest, setNewest] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (meta?.newestReceivedAt && (!newest || meta.newestReceivedAt > newest))
      setNewest(meta.newestReceivedAt);
  }, [meta, newest]);
  useLiveTicks(
    useCallback((tick: LiveTick) => {
      const last = tick.events.at(-1);
      if (last) setNewest((n) => (!n || last.receivedAt > n ? last.receivedAt : n));
    }, []),
  );
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const age = newest ? Math.max(0, (now - Date.parse(newest)) / 1000) : null;
  const level = age === null ? 'stale' : age < 60 ? 'fresh' : age < 900 ? 'late' : 'stale';
  return (
    <span
      className={`badge ${level}`}
      data-testid="freshness"
      title="Arrival time of the newest stored event"
    >
      <span className="dot" /> newest event {fmtAge(age)}
    </span>
  );
}

/**
 * The monitor's verdict, from /meta (refreshed with it): its reasons in the tooltip, a link
 * to the Pipeline page's checks and alerts.
 */
function HealthBadge() {
  const meta = useMeta();
  if (!meta) return null;
  const { health, reportTimeZone: tz } = meta;
  const why = health.reasons.length > 0 ? health.reasons.join('\n') : 'every check is ok';
  return (
    <Link
      href="/pipeline"
      className={`badge ${health.status}`}
      data-testid="health-badge"
      data-status={health.status}
      title={`${why}\n(checked at ${fmtTime(health.checkedAt, tz, true)}, ${tz})`}
    >
      <span className="dot" /> {health.status}
    </Link>
  );
}

/** The frame of every page: navigation, title, date range (where the page has one), freshness. */
export function Layout({
  title,
  range = true,
  children,
}: {
  title: string;
  range?: boolean;
  children: ReactNode;
}) {
  const [location] = useLocation();
  const search = typeof window === 'undefined' ? '' : window.location.search;
  return (
    <div className="app">
      <nav className="side" aria-label="Pages">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={26} height={26} /> storepulse
        </div>
        {NAV.map((n) => (
          <Link
            key={n.path}
            href={`${n.path}${search}`}
            className={location === n.path ? 'active' : ''}
          >
            <span className="icon">{n.icon}</span> {n.label}
          </Link>
        ))}
      </nav>
      <main>
        <header className="top">
          <h1>{title}</h1>
          <div className="top-right">
            {range && <DateRangePicker />}
            <HealthBadge />
            <FreshnessBadge />
          </div>
        </header>
        {children}
      </main>
    </div>
  );
}
