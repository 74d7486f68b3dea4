import { useMemo } from 'react';
import type { OverviewResponse } from '@api/types';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { KpiCard } from '../components/KpiCard';
import { Layout } from '../components/Layout';
import { Empty, Panel, Status } from '../components/Panel';
import { useApi } from '../lib/api';
import { fmtAge, fmtCount, fmtMoney, fmtMoneyShort, fmtPercent } from '../lib/format';
import { useMeta } from '../lib/meta';
import { useRange } from '../lib/url-state';
import { LiveRevenueChart } from './LiveRevenueChart';

type Data = OverviewResponse;

function Kpis({ data }: { data: Data }) {
  const k = data.kpis;
  const p = data.previousKpis;
  return (
    <div className="kpis">
      <KpiCard
        testId="net-revenue"
        label="Net revenue"
        value={fmtMoney(k.netRevenue)}
        now={k.netRevenue}
        before={p.netRevenue}
      />
      <KpiCard
        testId="orders"
        label="Orders"
        value={fmtCount(k.orders)}
        now={k.orders}
        before={p.orders}
      />
      <KpiCard
        testId="aov"
        label="Average order value"
        value={fmtMoney(k.aov)}
        now={k.aov}
        before={p.aov}
      />
      <KpiCard
        testId="conversion"
        label="Conversion rate"
        value={fmtPercent(k.conversionRate)}
        now={k.conversionRate}
        before={p.conversionRate}
      />
      <KpiCard
        testId="sessions"
        label="Sessions"
        value={fmtCount(k.sessions)}
        now={k.sessions}
        before={p.sessions}
      />
      <KpiCard
        testId="active-users"
        label="Active users"
        value={fmtCount(k.activeUsers)}
        now={k.activeUsers}
        before={p.activeUsers}
      />
    </div>
  );
}

function dailyOption(data: Data) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['Net revenue', 'Orders'] },
    grid: { left: 64, right: 48, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: data.daily.map((d) => d.day) },
    yAxis: [
      {
        type: 'value',
        axisLabel: { formatter: (v: number) => fmtMoneyShort(v) },
        splitLine: { lineStyle: { color: '#eef0f4' } },
      },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Net revenue',
        type: 'bar',
        data: data.daily.map((d) => Number(d.netRevenue)),
        itemStyle: { borderRadius: [4, 4, 0, 0] },
      },
      {
        name: 'Orders',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: data.daily.map((d) => d.orders),
      },
    ],
  };
}

function hourlyOption(data: Data) {
  const h = data.hourly;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [h.day, `${h.weekBefore} (week before)`] },
    grid: { left: 64, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: h.hours.map((x) => `${String(x.hour).padStart(2, '0')}h`) },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => fmtMoneyShort(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    series: [
      {
        name: h.day,
        type: 'bar',
        data: h.hours.map((x) => Number(x.netRevenue)),
        itemStyle: { borderRadius: [3, 3, 0, 0] },
      },
      {
        name: `${h.weekBefore} (week before)`,
        type: 'line',
        data: h.hours.map((x) => Number(x.weekBeforeNetRevenue)),
        lineStyle: { type: 'dashed' },
        itemStyle: { color: '#94a3b8' },
      },
    ],
  };
}

function trafficOption(data: Data, timeZone: string) {
  const spikes = data.traffic.filter((t) => t.isSpike);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    xAxis: {
      type: 'time',
      axisLabel: {
        formatter: (v: number) =>
          new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
            v,
          ),
      },
    },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f4' } } },
    series: [
      {
        name: 'Events per minute',
        type: 'line',
        showSymbol: false,
        areaStyle: { opacity: 0.12 },
        data: data.traffic.map((t) => [t.minute, t.events]),
        markPoint: {
          symbol: 'pin',
          symbolSize: 34,
          itemStyle: { color: '#ef4444' },
          data: spikes.map((s) => ({ coord: [s.minute, s.events], value: 'spike' })),
          label: { fontSize: 9 },
        },
      },
    ],
  };
}

function mixOption(data: Data) {
  return {
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        name: 'Events',
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['35%', '50%'],
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: false },
        data: data.eventMix.map((m) => ({ name: m.type, value: m.events })),
      },
    ],
  };
}

export function Overview() {
  const range = useRange();
  const meta = useMeta();
  const tz = meta?.reportTimeZone ?? 'UTC';
  const { data, error, loading } = useApi<Data>('/overview', { from: range.from, to: range.to });
  const daily = useMemo(() => data && dailyOption(data), [data]);
  const hourly = useMemo(() => data && hourlyOption(data), [data]);
  const traffic = useMemo(() => data && trafficOption(data, tz), [data, tz]);
  const mix = useMemo(() => data && mixOption(data), [data]);
  return (
    <Layout title="Overview">
      <Status loading={loading && !data} error={error} />
      {data && <Kpis data={data} />}
      <div className="grid two">
        <Panel
          title="Live: revenue and orders per second"
          subtitle="pushed by the server as events are stored"
        >
          <LiveRevenueChart timeZone={tz} />
        </Panel>
        <Panel
          title="Revenue per hour"
          subtitle={data ? `${data.hourly.day} vs the same day a week before` : ''}
        >
          {hourly && <Chart option={hourly} label="Net revenue per hour vs a week before" />}
        </Panel>
      </div>
      {data && (
        <>
          <div className="grid two">
            <Panel
              title="Daily net revenue and orders"
              subtitle={`${data.range.from} → ${data.range.to}`}
            >
              {daily && <Chart option={daily} label="Daily net revenue and orders" />}
            </Panel>
            <Panel
              title="Traffic per minute"
              subtitle={`last 6 hours, non-bot events; ${data.traffic.filter((t) => t.isSpike).length} spikes (above mean + 3 sd of the trailing hour)`}
            >
              {data.traffic.length > 0 && traffic ? (
                <Chart option={traffic} label="Events per minute with spikes" />
              ) : (
                <Empty>No traffic in the last 6 hours.</Empty>
              )}
            </Panel>
          </div>
          <div className="grid two">
            <Panel title="Event mix" subtitle="stored events by type in the range">
              {data.eventMix.length > 0 && mix ? (
                <Chart option={mix} label="Events by type" />
              ) : (
                <Empty>No events in the range.</Empty>
              )}
            </Panel>
            <Panel title="Top products" subtitle="by net revenue in the range">
              <DataTable
                testId="top-products"
                csvName={`top-products-${data.range.from}-${data.range.to}`}
                rows={data.topProducts}
                pageSize={10}
                columns={[
                  { key: 'name', label: 'Product' },
                  { key: 'units', label: 'Units', numeric: true, render: (r) => fmtCount(r.units) },
                  {
                    key: 'netRevenue',
                    label: 'Net revenue',
                    numeric: true,
                    render: (r) => fmtMoney(r.netRevenue),
                  },
                ]}
              />
            </Panel>
          </div>
          <p className="foot muted">
            Newest event arrived {fmtAge(data.freshness.ageSeconds)}. Days are local to {tz}; money
            is exact in the warehouse and rounded to cents here.
          </p>
        </>
      )}
    </Layout>
  );
}
