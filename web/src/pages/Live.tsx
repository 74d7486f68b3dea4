import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LiveEvent, LiveResponse, LiveSecond, LiveTick } from '@api/types';
import { COLORS, Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { StatCard } from '../components/KpiCard';
import { Layout } from '../components/Layout';
import { Empty, Panel } from '../components/Panel';
import { getJson } from '../lib/api';
import { fmtCount, fmtMoney, fmtTime } from '../lib/format';
import { useLiveConnected, useLiveTicks } from '../lib/live';
import { useMeta } from '../lib/meta';
import { useQueryParam } from '../lib/url-state';

/** How many events the tail keeps, and the window of the rates and the sparkline. */
const KEEP = 500;
const WINDOW_S = 60;

/** The contract's canonical event types, in funnel order; others seen in the tail follow. */
const KNOWN_TYPES = [
  'page_view',
  'product_viewed',
  'products_searched',
  'product_added',
  'product_removed',
  'checkout_started',
  'order_completed',
  'order_refunded',
  'order_cancelled',
  'adjustment_recorded',
  'signed_up',
  'logged_in',
  'identify',
];

interface TailRow {
  seq: number;
  at: string;
  type: string;
  user: string;
  product: string | null;
  productId: string | null;
  order: string | null;
  revenue: string | null;
  country: string | null;
  device: string | null;
  path: string | null;
}

const toRow = (e: LiveEvent): TailRow => ({
  seq: e.seq,
  at: e.at,
  type: e.type,
  user: e.userKey,
  product: e.productName ?? e.productId,
  productId: e.productId,
  order: e.orderId,
  revenue: e.revenue,
  country: e.country,
  device: e.device,
  path: e.path,
});

const TYPE_TONE: Record<string, string> = {
  order_completed: 'good',
  order_refunded: 'bad',
  order_cancelled: 'bad',
  checkout_started: 'warn',
  product_added: 'warn',
};

/** Per-second counters of the last minute: seeded from /live, then kept by the ticks. */
function useLastMinute() {
  const [seconds, setSeconds] = useState<Map<string, LiveSecond>>(new Map());
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    void getJson<LiveResponse>('/live', { minutes: '1' }).then(
      (r) => setSeconds((old) => new Map([...r.seconds.map((s) => [s.at, s] as const), ...old])),
      () => undefined,
    );
  }, []);
  const onTick = useCallback((tick: LiveTick) => {
    const at = Date.parse(tick.at);
    setNow(at);
    setSeconds((old) => {
      const next = new Map(old);
      for (const s of tick.seconds) next.set(s.at, s);
      for (const k of next.keys()) {
        const t = Date.parse(k);
        // Events stamped ahead of the clock are not "the last minute".
        if (t < at - WINDOW_S * 1000 || t > at) next.delete(k);
      }
      return next;
    });
  }, []);
  return { seconds, now, onTick };
}

export function Live() {
  const meta = useMeta();
  const tz = meta?.reportTimeZone ?? 'UTC';
  const connected = useLiveConnected();
  const [typesParam, setTypesParam] = useQueryParam('types', '');
  const selected = useMemo(() => new Set(typesParam.split(',').filter(Boolean)), [typesParam]);
  const [rows, setRows] = useState<TailRow[]>([]);
  const [pending, setPending] = useState<TailRow[]>([]);
  const [paused, setPaused] = useState(false);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const minute = useLastMinute();
  const minuteTick = minute.onTick;

  useLiveTicks(
    useCallback(
      (tick: LiveTick) => {
        minuteTick(tick);
        if (tick.events.length === 0) return;
        // Ticks list events oldest first; the tail shows the newest on top.
        const fresh = tick.events.map(toRow).reverse();
        if (pausedRef.current) setPending((p) => [...fresh, ...p].slice(0, KEEP * 10));
        else setRows((r) => [...fresh, ...r].slice(0, KEEP));
      },
      [minuteTick],
    ),
  );

  const toggle = () => {
    if (paused) {
      setRows((r) => [...pending, ...r].slice(0, KEEP));
      setPending([]);
    }
    setPaused(!paused);
  };
  const matches = useCallback(
    (r: TailRow) => selected.size === 0 || selected.has(r.type),
    [selected],
  );
  const shown = useMemo(() => rows.filter(matches), [rows, matches]);
  const waiting = useMemo(() => pending.filter(matches).length, [pending, matches]);
  const typeCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.type, (m.get(r.type) ?? 0) + 1);
    return m;
  }, [rows]);
  const types = useMemo(
    () => [
      ...KNOWN_TYPES,
      ...[...typeCounts.keys()].filter((t) => !KNOWN_TYPES.includes(t)).sort(),
    ],
    [typeCounts],
  );
  const setType = (type: string) => {
    const next = new Set(selected);
    if (next.has(type)) next.delete(type);
    else next.add(type);
    setTypesParam([...next].join(','));
  };

  const series = useMemo(() => {
    const end = Math.floor(minute.now / 1000) * 1000;
    const points: { at: number; events: number; orders: number }[] = [];
    for (let t = end - (WINDOW_S - 1) * 1000; t <= end; t += 1000) {
      const s = minute.seconds.get(new Date(t).toISOString());
      points.push({ at: t, events: s?.events ?? 0, orders: s?.orders ?? 0 });
    }
    return points;
  }, [minute.seconds, minute.now]);
  const totals = useMemo(() => {
    let events = 0;
    let orders = 0;
    let revenue = 0;
    for (const s of minute.seconds.values()) {
      events += s.events;
      orders += s.orders;
      revenue += Number(s.netRevenue);
    }
    return { events, orders, revenue };
  }, [minute.seconds]);

  const spark = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 36, right: 12, top: 12, bottom: 24 },
      xAxis: {
        type: 'time',
        min: series[0]?.at,
        max: series.at(-1)?.at,
        axisLabel: {
          formatter: (v: number) => fmtTime(new Date(v).toISOString(), tz, true),
          hideOverlap: true,
        },
      },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f4' } } },
      series: [
        {
          name: 'Events',
          type: 'bar',
          barWidth: '70%',
          data: series.map((p) => [p.at, p.events]),
          itemStyle: { color: COLORS[0], borderRadius: [2, 2, 0, 0] },
        },
        {
          name: 'Orders',
          type: 'bar',
          barGap: '-100%',
          barWidth: '70%',
          data: series.map((p) => [p.at, p.orders]),
          itemStyle: { color: COLORS[2], borderRadius: [2, 2, 0, 0] },
        },
      ],
      animation: false,
    }),
    [series, tz],
  );

  return (
    <Layout title="Live" range={false}>
      <div className="kpis">
        <StatCard
          testId="events-rate"
          label="Events / s"
          value={(totals.events / WINDOW_S).toFixed(2)}
          sub={`${fmtCount(totals.events)} events stored in the last minute`}
        />
        <StatCard
          testId="orders-rate"
          label="Orders / s"
          value={(totals.orders / WINDOW_S).toFixed(3)}
          sub={`${fmtCount(totals.orders)} orders, ${fmtMoney(totals.revenue)} net revenue in the last minute`}
        />
        <StatCard
          testId="tail-size"
          label="In the tail"
          value={fmtCount(rows.length)}
          sub={`newest ${KEEP} events kept in this tab`}
        />
        <StatCard
          testId="stream"
          label="Stream"
          value={paused ? 'Paused' : connected ? 'Live' : 'Connecting…'}
          tone={paused ? 'warn' : connected ? 'good' : 'bad'}
          sub={paused ? `${fmtCount(waiting)} new while paused` : 'pushed by the server every tick'}
        />
      </div>
      <Panel
        title="Events per second"
        subtitle={`last ${WINDOW_S} seconds by event time, stored events (indigo) and orders (green)`}
      >
        <Chart option={spark} height={130} label="Events and orders per second, last minute" />
      </Panel>
      <div style={{ height: 16 }} />
      <Panel
        title="Event stream"
        subtitle={`stored events as they arrive, newest on top; times in ${tz}`}
        actions={
          <>
            {paused && (
              <span className="pill warn" data-testid="paused-count">
                {fmtCount(waiting)} new while paused
              </span>
            )}
            <button
              type="button"
              className={`btn ${paused ? 'primary' : ''}`}
              onClick={toggle}
              data-testid="pause"
              aria-pressed={paused}
            >
              {paused ? '▶ Resume' : '❚❚ Pause'}
            </button>
          </>
        }
      >
        <div
          role="group"
          aria-label="Event types"
          data-testid="type-filter"
          style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginBottom: 10 }}
        >
          <button
            type="button"
            className="btn ghost"
            aria-pressed={selected.size === 0}
            onClick={() => setTypesParam(null)}
            style={chipStyle(selected.size === 0)}
          >
            All types
          </button>
          {types.map((t) => (
            <button
              key={t}
              type="button"
              className="btn ghost"
              data-type={t}
              aria-pressed={selected.has(t)}
              onClick={() => setType(t)}
              style={chipStyle(selected.has(t))}
            >
              {t.replace(/_/g, ' ')}
              <span style={{ opacity: 0.7, marginLeft: 6 }}>{typeCounts.get(t) ?? 0}</span>
            </button>
          ))}
        </div>
        {shown.length === 0 ? (
          <Empty>
            {rows.length === 0
              ? 'Waiting for events… new events show here as soon as they are stored.'
              : 'No events of the selected types in the tail yet.'}
          </Empty>
        ) : (
          <DataTable
            testId="live-tail"
            csvName="live-events"
            rows={shown}
            pageSize={50}
            search={['user', 'product', 'order', 'path', 'country']}
            columns={[
              {
                key: 'at',
                label: 'Time',
                render: (r) => <span title={r.at}>{fmtTime(r.at, tz, true)}</span>,
              },
              {
                key: 'type',
                label: 'Type',
                render: (r) => <span className={`pill ${TYPE_TONE[r.type] ?? ''}`}>{r.type}</span>,
              },
              { key: 'user', label: 'User', render: (r) => <code>{r.user}</code> },
              {
                key: 'product',
                label: 'Product',
                render: (r) =>
                  r.product ? <span title={r.productId ?? ''}>{r.product}</span> : '–',
              },
              {
                key: 'order',
                label: 'Order / revenue',
                render: (r) =>
                  r.order ? (
                    <span>
                      <code>{r.order}</code>
                      {r.revenue !== null && <b style={{ marginLeft: 8 }}>{fmtMoney(r.revenue)}</b>}
                    </span>
                  ) : (
                    '–'
                  ),
              },
              { key: 'country', label: 'Country' },
              { key: 'device', label: 'Device' },
              {
                key: 'path',
                label: 'Path',
                render: (r) =>
                  r.path ? (
                    <span
                      title={r.path}
                      style={{
                        display: 'inline-block',
                        maxWidth: 260,
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        verticalAlign: 'bottom',
                      }}
                    >
                      {r.path}
                    </span>
                  ) : (
                    '–'
                  ),
              },
            ]}
          />
        )}
      </Panel>
    </Layout>
  );
}

const chipStyle = (on: boolean) => ({
  borderRadius: 999,
  padding: '3px 10px',
  background: on ? 'var(--accent)' : '#fff',
  color: on ? '#fff' : 'var(--ink)',
  borderColor: on ? 'var(--accent)' : 'var(--line)',
});
