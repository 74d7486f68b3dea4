import { useMemo } from 'react';
import type { FunnelResponse } from '@api/types';
import { COLORS, Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { KpiCard } from '../components/KpiCard';
import { Layout } from '../components/Layout';
import { Empty, Panel, Status } from '../components/Panel';
import { useApi } from '../lib/api';
import { fmtCount, fmtPercent } from '../lib/format';
import { useMeta } from '../lib/meta';
import { useQueryParam, useRange } from '../lib/url-state';

type Data = FunnelResponse;

const LEVELS = [
  { id: 'user', label: 'Users' },
  { id: 'session', label: 'Sessions' },
];
const WINDOWS = ['1', '2', '6', '12', '24'];
const BREAKDOWNS = [
  { id: 'none', label: 'No breakdown' },
  { id: 'device', label: 'Device' },
  { id: 'traffic_source', label: 'Traffic source' },
  { id: 'country', label: 'Country' },
];
const STEP_NAMES = ['Page view', 'Product view', 'Add to cart', 'Checkout', 'Order'];

/** Segmented buttons (aria-pressed) for one URL parameter. */
function Seg({
  label,
  options,
  value,
  onChange,
  disabled = false,
  testId,
}: {
  label: string;
  options: { id: string; label: string }[];
  value: string;
  onChange: (v: string) => void;
  disabled?: boolean;
  testId: string;
}) {
  return (
    <div className="seg" role="group" aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          aria-pressed={value === o.id}
          disabled={disabled}
          style={disabled ? { cursor: 'not-allowed', opacity: 0.55 } : undefined}
          onClick={() => onChange(o.id)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

function Kpis({ data, unit }: { data: Data; unit: string }) {
  const c = data.steps.map((s) => s.count);
  const p = data.previous.counts;
  return (
    <div className="kpis">
      <KpiCard
        testId="entered"
        label={`${unit} entered`}
        value={fmtCount(c[0])}
        now={c[0] ?? 0}
        before={p[0] ?? 0}
      />
      <KpiCard
        testId="product-views"
        label="Viewed a product"
        value={fmtCount(c[1])}
        now={c[1] ?? 0}
        before={p[1] ?? 0}
      />
      <KpiCard
        testId="carts"
        label="Added to cart"
        value={fmtCount(c[2])}
        now={c[2] ?? 0}
        before={p[2] ?? 0}
      />
      <KpiCard
        testId="orders"
        label="Ordered"
        value={fmtCount(c[4])}
        now={c[4] ?? 0}
        before={p[4] ?? 0}
      />
      <KpiCard
        testId="overall"
        label="Overall conversion"
        value={fmtPercent(data.overallConversion)}
        now={data.overallConversion}
        before={data.previous.overallConversion}
      />
    </div>
  );
}

/** Horizontal bars: the reached count per step, over a pale bar of the units lost so far. */
function funnelOption(data: Data) {
  const steps = data.steps;
  const first = steps[0]?.count ?? 0;
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const s = steps[items[0]?.dataIndex ?? 0]!;
        return [
          `<b>${s.step}. ${s.label}</b>`,
          `${fmtCount(s.count)} reached`,
          `${fmtPercent(s.overallConversion)} of step 1`,
          s.step > 1 ? `${fmtPercent(s.stepConversion)} of the previous step` : '',
          s.step > 1 ? `${fmtCount(s.dropOff)} dropped off here` : '',
        ]
          .filter(Boolean)
          .join('<br/>');
      },
    },
    grid: { left: 132, right: 24, top: 8, bottom: 8 },
    xAxis: { type: 'value', max: Math.max(first, 1), show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: steps.map((s) => `${s.step}. ${s.label}`),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: {
        formatter: (name: string, i: number) => {
          const s = steps[i]!;
          return s.step > 1 && s.stepConversion != null
            ? `{name|${name}}\n{sub|${fmtPercent(s.stepConversion)} of step ${s.step - 1}}`
            : `{name|${name}}`;
        },
        rich: {
          name: { fontWeight: 600, color: '#374151', align: 'right', lineHeight: 17 },
          sub: { color: '#6b7280', fontSize: 11, align: 'right' },
        },
      },
    },
    series: [
      {
        name: 'Reached',
        type: 'bar',
        stack: 'funnel',
        barWidth: '62%',
        data: steps.map((s) => {
          const wide = first > 0 && s.count / first >= 0.3;
          return {
            value: s.count,
            itemStyle: { color: COLORS[0], borderRadius: wide ? [4, 0, 0, 4] : 4 },
            label: wide
              ? { position: 'insideLeft', color: '#fff' }
              : { position: 'right', color: '#312e81' },
          };
        }),
        label: {
          show: true,
          fontWeight: 600,
          formatter: (p: { dataIndex: number }) => {
            const s = steps[p.dataIndex]!;
            return `${fmtCount(s.count)}  ·  ${fmtPercent(s.overallConversion)}`;
          },
        },
      },
      {
        name: 'Lost before this step',
        type: 'bar',
        stack: 'funnel',
        data: steps.map((s) => first - s.count),
        itemStyle: { color: '#eef0f4', borderRadius: [0, 4, 4, 0] },
        emphasis: { disabled: true },
      },
    ],
  };
}

/** Overall conversion per day (line, right axis) over the entered and ordered counts (bars). */
function dailyOption(data: Data, unit: string) {
  const days = data.daily;
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number | null) =>
        v == null ? '–' : v <= 1 && !Number.isInteger(v) ? fmtPercent(v) : fmtCount(v),
    },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.day) },
    yAxis: [
      {
        type: 'value',
        minInterval: 1,
        name: unit.toLowerCase(),
        nameTextStyle: { color: '#6b7280', align: 'left' },
        splitLine: { lineStyle: { color: '#eef0f4' } },
      },
      {
        type: 'value',
        min: 0,
        axisLabel: { formatter: (v: number) => fmtPercent(v) },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: 'Page view (step 1)',
        type: 'bar',
        data: days.map((d) => d.counts[0]),
        itemStyle: { color: '#c7d2fe', borderRadius: [3, 3, 0, 0] },
      },
      {
        name: 'Order (step 5)',
        type: 'bar',
        data: days.map((d) => d.counts[4]),
        itemStyle: { color: COLORS[2], borderRadius: [3, 3, 0, 0] },
      },
      {
        name: 'Overall conversion',
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { width: 3 },
        itemStyle: { color: COLORS[3] },
        data: days.map((d) => d.overallConversion),
      },
    ],
  };
}

/** Conversion of each step (columns) per breakdown value (rows), as a heat map. */
function heatOption(data: Data) {
  const rows = data.byValue;
  const cols = ['Product view', 'Add to cart', 'Checkout', 'Order', 'Overall'];
  const cells = rows.flatMap((r, y) =>
    [...r.stepConversions, r.overallConversion].map((v, x) => [x, y, v == null ? '-' : v]),
  );
  return {
    tooltip: {
      formatter: (p: { value: [number, number, number | string] }) => {
        const [x, y, v] = p.value;
        const r = rows[y]!;
        return `<b>${r.value}</b><br/>${cols[x]}: ${typeof v === 'number' ? fmtPercent(v) : '–'}<br/>${fmtCount(r.counts[0])} at step 1`;
      },
    },
    grid: { left: 130, right: 16, top: 28, bottom: 44 },
    xAxis: {
      type: 'category',
      data: cols,
      position: 'top',
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { interval: 0, fontWeight: 600, color: '#374151' },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => (r.isOther ? `other (${r.values})` : r.value)),
      axisTick: { show: false },
    },
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 10,
      text: ['100%', '0%'],
      inRange: { color: ['#fef3c7', '#a5b4fc', '#4338ca'] },
    },
    series: [
      {
        name: 'Conversion',
        type: 'heatmap',
        data: cells,
        label: {
          show: true,
          fontSize: 11,
          formatter: (p: { value: [number, number, number | string] }) =>
            typeof p.value[2] === 'number' ? fmtPercent(p.value[2]) : '–',
        },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
      },
    ],
  };
}

function StepsTable({ data, csvName }: { data: Data; csvName: string }) {
  return (
    <DataTable
      testId="funnel-steps"
      csvName={csvName}
      rows={data.steps}
      columns={[
        { key: 'step', label: '#', numeric: true },
        { key: 'label', label: 'Step' },
        {
          key: 'count',
          label: 'Reached',
          numeric: true,
          render: (r) => <span data-testid={`step-${r.step}-count`}>{fmtCount(r.count)}</span>,
        },
        {
          key: 'stepConversion',
          label: 'Step conv.',
          numeric: true,
          render: (r) => fmtPercent(r.stepConversion),
        },
        {
          key: 'overallConversion',
          label: 'Overall conv.',
          numeric: true,
          render: (r) => fmtPercent(r.overallConversion),
        },
        {
          key: 'dropOff',
          label: 'Drop-off',
          numeric: true,
          render: (r) => (r.step === 1 ? '–' : fmtCount(r.dropOff)),
        },
      ]}
    />
  );
}

function BreakdownTable({ data, csvName }: { data: Data; csvName: string }) {
  const rows = data.byValue.map((r) => ({
    value: r.isOther ? `other (${r.values} values)` : r.value,
    share: r.share,
    step1: r.counts[0],
    step2: r.counts[1],
    step3: r.counts[2],
    step4: r.counts[3],
    step5: r.counts[4],
    overall: r.overallConversion,
  }));
  const count = (k: 'step1' | 'step2' | 'step3' | 'step4' | 'step5', i: number) => ({
    key: k,
    label: STEP_NAMES[i]!,
    numeric: true,
    render: (r: (typeof rows)[number]) => fmtCount(r[k]),
  });
  return (
    <DataTable
      testId="funnel-breakdown"
      csvName={csvName}
      rows={rows}
      pageSize={9}
      columns={[
        { key: 'value', label: 'Value' },
        { key: 'share', label: 'Share', numeric: true, render: (r) => fmtPercent(r.share) },
        count('step1', 0),
        count('step2', 1),
        count('step3', 2),
        count('step4', 3),
        count('step5', 4),
        {
          key: 'overall',
          label: 'Overall conversion',
          numeric: true,
          render: (r) => <b>{fmtPercent(r.overall)}</b>,
        },
      ]}
    />
  );
}

export function Funnel() {
  const range = useRange();
  const meta = useMeta();
  const tz = meta?.reportTimeZone ?? 'UTC';
  const [level, setLevel] = useQueryParam('level', 'user');
  const [windowHours, setWindowHours] = useQueryParam('window', '');
  const [breakdown, setBreakdown] = useQueryParam('breakdown', 'none');
  const isUser = level !== 'session';
  const { data, error, loading } = useApi<Data>('/funnel', {
    from: range.from,
    to: range.to,
    level: isUser ? 'user' : 'session',
    window: isUser && windowHours ? windowHours : undefined,
    breakdown,
  });
  const configured = data?.configuredWindowHours ?? 24;
  const shownWindow = windowHours || String(configured);
  const unit = data?.level === 'session' ? 'Sessions' : 'Users';
  const funnel = useMemo(() => data && funnelOption(data), [data]);
  const daily = useMemo(() => data && dailyOption(data, unit), [data, unit]);
  const heat = useMemo(() => (data && data.byValue.length > 0 ? heatOption(data) : null), [data]);
  const breakdownLabel = BREAKDOWNS.find((b) => b.id === breakdown)?.label ?? breakdown;
  const csvBase = data ? `funnel-${data.level}-${data.range.from}-${data.range.to}` : 'funnel';
  return (
    <Layout title="Funnel">
      <section className="panel" aria-label="Funnel settings" style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', gap: 20, flexWrap: 'wrap', alignItems: 'center' }}>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <span className="muted">Count</span>
            <Seg
              label="Level"
              testId="level"
              options={LEVELS}
              value={isUser ? 'user' : 'session'}
              onChange={(v) => setLevel(v === 'user' ? null : v)}
            />
          </div>
          <div
            style={{ display: 'flex', gap: 8, alignItems: 'center' }}
            title={
              isUser
                ? 'How long after the entry page view the later steps may happen'
                : 'At session level the session itself is the window'
            }
          >
            <span className="muted">Conversion window</span>
            <Seg
              label="Conversion window"
              testId="window"
              options={WINDOWS.filter((w) => Number(w) <= configured).map((w) => ({
                id: w,
                label: `${w} h`,
              }))}
              value={isUser ? shownWindow : ''}
              disabled={!isUser}
              onChange={(v) => setWindowHours(Number(v) === configured ? null : v)}
            />
          </div>
          <span className="muted" style={{ fontSize: 12, flex: '1 1 320px' }}>
            {isUser
              ? `Distinct users over the range: a user counts once, at the furthest step any of their daily entries reached within ${shownWindow} h of its first page view.`
              : 'Sessions with a page view that started in the range; the session is the window, so the window setting does not apply.'}
          </span>
        </div>
      </section>
      <Status loading={loading && !data} error={error} />
      {data && (
        <>
          <Kpis data={data} unit={unit} />
          <div className="grid two">
            <Panel
              title="Conversion funnel"
              subtitle={`${unit.toLowerCase()} reaching each step in order · ${data.range.from} → ${data.range.to}`}
            >
              {data.steps[0]!.count > 0 && funnel ? (
                <Chart option={funnel} height={300} label="Funnel: units reaching each step" />
              ) : (
                <Empty>No {unit.toLowerCase()} with a page view in the range.</Empty>
              )}
            </Panel>
            <Panel
              title="Steps"
              subtitle="step conversion = step / previous step; overall = step / step 1; drop-off = lost at the step"
            >
              <StepsTable data={data} csvName={`${csvBase}-steps`} />
            </Panel>
          </div>
          <Panel
            title="Conversion by segment"
            subtitle={
              breakdown === 'none'
                ? 'Split the funnel by device, traffic source or country'
                : `by ${breakdownLabel.toLowerCase()} · top 8 by step 1, the rest as "other"${isUser ? ' · a user counts under the value of their first entry in the range' : ' · the session’s first event'}`
            }
            actions={
              <select
                className="control"
                aria-label="Breakdown"
                value={breakdown}
                onChange={(e) => setBreakdown(e.target.value === 'none' ? null : e.target.value)}
              >
                {BREAKDOWNS.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.label}
                  </option>
                ))}
              </select>
            }
          >
            {breakdown === 'none' ? (
              <Empty>
                Choose a breakdown to compare the conversion of each step across devices, traffic
                sources or countries.
              </Empty>
            ) : data.byValue.length === 0 ? (
              <Empty>No {unit.toLowerCase()} in the range.</Empty>
            ) : (
              <>
                {heat && (
                  <Chart
                    option={heat}
                    height={28 + data.byValue.length * 32 + 44}
                    label={`Step conversion by ${breakdownLabel}`}
                  />
                )}
                <BreakdownTable data={data} csvName={`${csvBase}-by-${breakdown}`} />
              </>
            )}
          </Panel>
          <div style={{ height: 16 }} />
          <Panel
            title="Conversion over time"
            subtitle={
              isUser
                ? `per entry day: users who entered that day and how many of them ordered within ${data.windowHours ?? 24} h`
                : 'per day the sessions started: sessions with a page view, and those with an order'
            }
          >
            {daily && data.daily.some((x) => x.counts[0]! > 0) ? (
              <Chart option={daily} label="Daily conversion" />
            ) : (
              <Empty>No {unit.toLowerCase()} with a page view in the range.</Empty>
            )}
          </Panel>
          <p className="foot muted">
            Steps: page view → product view → add to cart → checkout → order, each at or after the
            previous one; bots are left out. Days are local to {tz}. The previous period is{' '}
            {data.previous.from} → {data.previous.to}.
          </p>
        </>
      )}
    </Layout>
  );
}
