import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LiveResponse, LiveSecond, LiveTick } from '@api/types';
import { Chart } from '../components/Chart';
import { getJson } from '../lib/api';
import { fmtMoney } from '../lib/format';
import { useLiveTicks } from '../lib/live';

const WINDOW_MS = 15 * 60_000;

/**
 * Revenue and orders per second over the last 15 minutes: loaded once, then kept current by
 * the pushed ticks (which repeat the newest seconds, so late events update their bucket).
 */
export function LiveRevenueChart({ timeZone }: { timeZone: string }) {
  const [seconds, setSeconds] = useState<Map<string, LiveSecond>>(new Map());
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    void getJson<LiveResponse>('/live', { minutes: '15' }).then((r) =>
      setSeconds((old) => new Map([...r.seconds.map((s) => [s.at, s] as const), ...old])),
    );
  }, []);
  useLiveTicks(
    useCallback((tick: LiveTick) => {
      setNow(Date.parse(tick.at));
      setSeconds((old) => {
        const next = new Map(old);
        for (const s of tick.seconds) next.set(s.at, s);
        const cutoff = Date.parse(tick.at) - WINDOW_MS;
        for (const k of next.keys()) if (Date.parse(k) < cutoff) next.delete(k);
        return next;
      });
    }, []),
  );
  const totals = useMemo(() => {
    let revenue = 0;
    let orders = 0;
    for (const s of seconds.values()) {
      revenue += Number(s.netRevenue);
      orders += s.orders;
    }
    return { revenue, orders };
  }, [seconds]);
  const option = useMemo(() => {
    const rows = [...seconds.values()].sort((a, b) => a.at.localeCompare(b.at));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['Net revenue', 'Orders'] },
      grid: { left: 56, right: 40, top: 32, bottom: 28 },
      xAxis: {
        type: 'time',
        min: now - WINDOW_MS,
        max: now,
        axisLabel: {
          formatter: (v: number) =>
            new Intl.DateTimeFormat('en-GB', {
              timeZone,
              hour: '2-digit',
              minute: '2-digit',
            }).format(v),
        },
      },
      yAxis: [
        { type: 'value', name: 'revenue/s', splitLine: { lineStyle: { color: '#eef0f4' } } },
        { type: 'value', name: 'orders/s', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: 'Net revenue',
          type: 'bar',
          barWidth: 3,
          data: rows.map((r) => [r.at, Number(r.netRevenue)]),
        },
        {
          name: 'Orders',
          type: 'scatter',
          yAxisIndex: 1,
          symbolSize: 6,
          data: rows.filter((r) => r.orders > 0).map((r) => [r.at, r.orders]),
        },
      ],
    };
  }, [seconds, now, timeZone]);
  return (
    <div>
      <div className="live-totals" data-testid="live-totals">
        <span>
          <b data-testid="live-revenue">{fmtMoney(totals.revenue)}</b> net revenue
        </span>
        <span>
          <b data-testid="live-orders">{totals.orders}</b> orders
        </span>
        <span className="muted">last 15 minutes, per second</span>
      </div>
      <Chart
        option={option}
        height={240}
        label="Net revenue and orders per second, last 15 minutes"
      />
    </div>
  );
}
