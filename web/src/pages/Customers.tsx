import { useMemo } from 'react';
import type { CustomersResponse } from '@api/types';
import { Chart, COLORS } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { Layout } from '../components/Layout';
import { Empty, Panel, Status } from '../components/Panel';
import { useApi } from '../lib/api';
import { fmtCount, fmtMoney, fmtMoneyShort, fmtPercent, fmtTime } from '../lib/format';
import { useMeta } from '../lib/meta';
import { useQueryParam } from '../lib/url-state';
import { CohortTable, periodName } from './customers/CohortTable';
import { StatCard } from '../components/KpiCard';

type Data = CustomersResponse;
type Grain = Data['cohort'];
type Basis = Data['basis'];

/** One colour per RFM segment, best (green) to worst (red). */
const SEGMENT_COLORS: Record<string, string> = {
  Champion: COLORS[2]!,
  Loyal: COLORS[0]!,
  Potential: COLORS[1]!,
  'At Risk': COLORS[3]!,
  Lost: COLORS[4]!,
};

const STAGE_COLORS: Record<string, string> = {
  Loyal: COLORS[2]!,
  'Active Buyer': COLORS[0]!,
  'Churned Buyer': COLORS[7]!,
  'Hot Lead': COLORS[4]!,
  'Cold Lead': COLORS[1]!,
  'Active Browser': COLORS[6]!,
  Inactive: '#cbd5e1',
};

const STAGE_RULES: Record<string, string> = {
  Loyal: '3+ orders, the last within 90 days',
  'Active Buyer': 'ordered within 90 days',
  'Churned Buyer': 'no order for 90 days or more',
  'Hot Lead': 'abandoned a cart within 7 days, no order since',
  'Cold Lead': 'never ordered; a cart or product view within 90 days',
  'Active Browser': 'never ordered; visited within 30 days',
  Inactive: 'never ordered, none of the above',
};

const TIER_LABELS: Record<string, string> = {
  high: 'High value',
  medium: 'Medium',
  low: 'Low',
  none: 'No revenue',
};

const GRID_LINE = { lineStyle: { color: '#eef0f4' } };

/** "45 min", "3 h 07 min", "2 d 4 h". */
function fmtMinutes(m: number): string {
  if (m < 60) return `${m} min`;
  if (m < 1440) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`;
}

const fmtDays = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} d`);

/** Text cut short with an ellipsis past `width` pixels; all of it on hover. */
function Clip({ text, width, title }: { text: string; width: number; title?: string }) {
  return (
    <span
      title={title ?? text}
      style={{
        display: 'inline-block',
        maxWidth: width,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        verticalAlign: 'bottom',
      }}
    >
      {text}
    </span>
  );
}

/** A user key (anonymous ids are long UUIDs), with the full key and the name on hover. */
function UserKey({ userKey, name }: { userKey: string; name: string | null }) {
  return <Clip text={userKey} width={150} title={name ? `${userKey} · ${name}` : userKey} />;
}

function SegmentPill({ segment }: { segment: string | null }) {
  if (!segment) return <span className="muted">–</span>;
  const color = SEGMENT_COLORS[segment] ?? COLORS[7]!;
  return (
    <span className="pill" style={{ background: `${color}1f`, color }}>
      {segment}
    </span>
  );
}

function StagePill({ stage }: { stage: string }) {
  const color = STAGE_COLORS[stage] ?? COLORS[7]!;
  return (
    <span
      className="pill"
      style={{ background: `${color}1f`, color: color }}
      title={STAGE_RULES[stage]}
    >
      {stage}
    </span>
  );
}

function Kpis({ data }: { data: Data }) {
  const k = data.kpis;
  return (
    <div className="kpis">
      <StatCard
        testId="customers"
        label="Customers"
        value={fmtCount(k.customers)}
        sub={`users with an order · of ${fmtCount(k.usersSeen)} users seen`}
      />
      <StatCard
        testId="repeat-rate"
        label="Repeat-customer rate"
        value={fmtPercent(k.repeatRate)}
        sub={`${fmtCount(k.repeatCustomers)} customers with 2 or more orders`}
      />
      <StatCard
        testId="average-ltv"
        label="Average lifetime value"
        value={fmtMoney(k.averageLtv)}
        sub={`net revenue per customer · ${fmtMoney(k.lifetimeValue)} in all`}
      />
      <StatCard
        testId="hot-leads"
        label="Hot leads"
        value={fmtCount(k.hotLeads)}
        sub={`carts abandoned in 7 days · ${fmtMoney(k.hotLeadCartValue)} still in them`}
      />
    </div>
  );
}

function segmentOption(data: Data) {
  const segs = data.segments;
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const s = segs[items[0]?.dataIndex ?? 0]!;
        return [
          `<b>${s.segment}</b> (R+F+M ${s.scoreRange})`,
          `${fmtCount(s.customers)} customers (${fmtPercent(s.customerShare)})`,
          `${fmtMoney(s.monetary)} net revenue (${fmtPercent(s.monetaryShare)})`,
          `avg ${fmtMoney(s.averageMonetary)} · ${fmtDays(s.averageRecencyDays)} since last order · ${s.averageFrequency?.toFixed(2) ?? '–'} orders`,
        ].join('<br/>');
      },
    },
    legend: { top: 0, data: ['Share of customers', 'Share of net revenue'] },
    grid: { left: 78, right: 52, top: 30, bottom: 8, containLabel: false },
    xAxis: {
      type: 'value',
      max: Math.min(
        1,
        Math.ceil(
          10 * Math.max(0.1, ...segs.flatMap((x) => [x.customerShare ?? 0, x.monetaryShare ?? 0])),
        ) / 10,
      ),
      axisLabel: { formatter: (v: number) => fmtPercent(v) },
      splitLine: GRID_LINE,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: segs.map((s) => s.segment),
      axisTick: { show: false },
    },
    series: [
      {
        name: 'Share of customers',
        type: 'bar',
        barGap: '10%',
        data: segs.map((s) => ({
          value: s.customerShare ?? 0,
          itemStyle: { color: SEGMENT_COLORS[s.segment], borderRadius: [0, 4, 4, 0] },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => fmtCount(segs[p.dataIndex]!.customers),
        },
      },
      {
        name: 'Share of net revenue',
        type: 'bar',
        data: segs.map((s) => ({
          value: s.monetaryShare ?? 0,
          itemStyle: {
            color: `${SEGMENT_COLORS[s.segment]}55`,
            borderColor: SEGMENT_COLORS[s.segment],
            borderRadius: [0, 4, 4, 0],
          },
        })),
        itemStyle: { color: '#c7d2fe', borderColor: COLORS[0] },
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          color: '#6b7280',
          formatter: (p: { dataIndex: number }) => fmtMoneyShort(segs[p.dataIndex]!.monetary),
        },
      },
    ],
  };
}

function rfOption(data: Data) {
  const max = Math.max(1, ...data.rfGrid.map((c) => c.customers));
  const cells = data.rfGrid;
  const at = (r: number, f: number) => cells.find((c) => c.rScore === r && c.fScore === f);
  return {
    tooltip: {
      formatter: (p: { value: [number, number, number] }) => {
        const c = at(p.value[1] + 1, p.value[0] + 1);
        if (!c || c.customers === 0)
          return `R ${p.value[1] + 1} · F ${p.value[0] + 1}: no customers`;
        const range = (x: [number, number] | null, unit: string) =>
          x === null ? '–' : x[0] === x[1] ? `${x[0]} ${unit}` : `${x[0]}–${x[1]} ${unit}`;
        return [
          `<b>R ${c.rScore} · F ${c.fScore}</b>: ${fmtCount(c.customers)} customers`,
          `last order ${range(c.recencyDays, 'days ago')}`,
          `${range(c.orders, 'orders')}`,
          `avg net revenue ${fmtMoney(c.averageMonetary)}`,
        ].join('<br/>');
      },
    },
    grid: { left: 92, right: 16, top: 8, bottom: 76 },
    xAxis: {
      type: 'category',
      data: ['F 1', 'F 2', 'F 3', 'F 4', 'F 5'],
      name: 'Frequency score → more orders',
      nameLocation: 'middle',
      nameGap: 26,
      splitArea: { show: true },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'category',
      data: ['R 1', 'R 2', 'R 3', 'R 4', 'R 5'],
      name: 'Recency score → more recent',
      nameLocation: 'middle',
      nameGap: 46,
      splitArea: { show: true },
      axisTick: { show: false },
    },
    visualMap: {
      min: 0,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 12,
      text: ['more customers', 'fewer'],
      textStyle: { fontSize: 11, color: '#6b7280' },
      inRange: { color: ['#f5f6ff', '#a5b4fc', COLORS[0]!, '#312e81'] },
    },
    series: [
      {
        name: 'Customers',
        type: 'heatmap',
        data: cells.map((c) => ({
          value: [c.fScore - 1, c.rScore - 1, c.customers],
          label: { color: c.customers / max > 0.45 ? '#fff' : '#1e1b4b' },
        })),
        label: {
          show: true,
          fontSize: 12,
          fontWeight: 600,
          formatter: (p: { value: [number, number, number] }) =>
            p.value[2] === 0 ? '' : fmtCount(p.value[2]),
        },
        itemStyle: { borderColor: '#fff', borderWidth: 2, borderRadius: 4 },
        emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0,0,0,0.2)' } },
      },
    ],
  };
}

function curveOption(data: Data, grain: Grain) {
  const curve = data.cohorts.curve;
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number }[]) => {
        const c = curve[items[0]?.dataIndex ?? 0]!;
        return [
          `<b>${periodName(c.periodNumber, grain)}</b>: ${fmtPercent(c.retention)} retained`,
          `${fmtCount(c.activeUsers)} of ${fmtCount(c.cohortUsers)} users`,
          `over ${fmtCount(c.cohorts)} complete cohort${c.cohorts === 1 ? '' : 's'}`,
        ].join('<br/>');
      },
    },
    legend: { top: 0, data: ['Retention', 'Users measured'] },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: curve.map((c) => periodName(c.periodNumber, grain)) },
    yAxis: [
      {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { formatter: (v: number) => fmtPercent(v) },
        splitLine: GRID_LINE,
      },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Users measured',
        type: 'bar',
        yAxisIndex: 1,
        barWidth: '40%',
        itemStyle: { color: '#e2e8f0', borderRadius: [3, 3, 0, 0] },
        data: curve.map((c) => c.cohortUsers),
        z: 1,
      },
      {
        name: 'Retention',
        type: 'line',
        symbolSize: 7,
        z: 3,
        itemStyle: { color: COLORS[0] },
        areaStyle: { opacity: 0.1 },
        data: curve.map((c) => c.retention),
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          formatter: (p: { value: number }) => fmtPercent(p.value),
        },
      },
    ],
  };
}

function lifecycleOption(data: Data) {
  const stages = data.lifecycle;
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const s = stages[items[0]?.dataIndex ?? 0]!;
        return [
          `<b>${s.stage}</b>: ${STAGE_RULES[s.stage] ?? ''}`,
          `${fmtCount(s.users)} users, ${fmtCount(s.customers)} with an order`,
          `lifetime value ${fmtMoney(s.lifetimeValue)}${s.averageLtv ? ` (avg ${fmtMoney(s.averageLtv)})` : ''}`,
          `avg purchase propensity ${s.averagePropensity === null ? '–' : s.averagePropensity.toFixed(2)}`,
        ].join('<br/>');
      },
    },
    grid: { left: 104, right: 96, top: 4, bottom: 4 },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: stages.map((s) => s.stage),
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        name: 'Users',
        type: 'bar',
        barWidth: '62%',
        data: stages.map((s) => ({
          value: s.users,
          itemStyle: { color: STAGE_COLORS[s.stage], borderRadius: [0, 4, 4, 0] },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => {
            const s = stages[p.dataIndex]!;
            return s.customers > 0
              ? `${fmtCount(s.users)} · ${fmtMoneyShort(s.lifetimeValue)}`
              : fmtCount(s.users);
          },
        },
      },
    ],
  };
}

function Tiers({ data }: { data: Data }) {
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 8, marginTop: 8 }}
      data-testid="value-tiers"
    >
      {data.valueTiers.map((t, i) => (
        <div
          key={t.tier}
          style={{
            border: '1px solid var(--line)',
            borderRadius: 8,
            padding: '6px 10px',
            borderTop: `3px solid ${t.tier === 'none' ? '#cbd5e1' : [COLORS[2], COLORS[0], COLORS[1]][i]}`,
          }}
          title={
            t.tier === 'none'
              ? 'users without orders or without net revenue'
              : `customers whose RFM monetary score is ${t.tier === 'high' ? '5' : t.tier === 'medium' ? '3-4' : '1-2'}`
          }
        >
          <div className="muted" style={{ fontSize: 11, fontWeight: 600 }}>
            {TIER_LABELS[t.tier]}
          </div>
          <div style={{ fontWeight: 700, fontSize: 16 }} data-testid={`tier-${t.tier}-users`}>
            {fmtCount(t.users)}
          </div>
          <div className="muted" style={{ fontSize: 11 }}>
            {t.tier === 'none' ? 'users' : fmtMoney(t.lifetimeValue)}
          </div>
        </div>
      ))}
    </div>
  );
}

function Toggle<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: { id: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <div className="seg" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          style={{ whiteSpace: 'nowrap' }}
          aria-pressed={value === o.id}
          onClick={() => onChange(o.id)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function Customers() {
  const meta = useMeta();
  const tz = meta?.reportTimeZone ?? 'UTC';
  const [grainParam, setGrain] = useQueryParam('cohort', 'month');
  const [basisParam, setBasis] = useQueryParam('basis', 'first_order');
  const grain: Grain = grainParam === 'week' ? 'week' : 'month';
  const basis: Basis = basisParam === 'first_visit' ? 'first_visit' : 'first_order';
  const { data, error, loading } = useApi<Data>('/customers', { cohort: grain, basis });
  const segments = useMemo(() => data && segmentOption(data), [data]);
  const rf = useMemo(() => data && rfOption(data), [data]);
  const curve = useMemo(() => data && curveOption(data, data.cohort), [data]);
  const lifecycle = useMemo(() => data && lifecycleOption(data), [data]);
  const hasCustomers = (data?.kpis.customers ?? 0) > 0;
  const unit = grain === 'month' ? 'month' : 'week';
  const activeWord = basis === 'first_order' ? 'ordered' : 'visited';
  return (
    <Layout title="Customers" range={false}>
      <p className="muted" style={{ margin: '-8px 0 14px' }} data-testid="snapshot">
        {data?.asOf
          ? `A snapshot of the whole customer base as of ${data.asOfDay} ${fmtTime(data.asOf, tz)} (${tz}), the last model run: segments, stages and leads describe customers now, not a date range.`
          : 'A snapshot of the whole customer base as of the last model run, not a date range.'}
      </p>
      <Status loading={loading && !data} error={error} />
      {data && (
        <>
          <Kpis data={data} />
          <div
            className="grid two"
            style={{ gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)' }}
          >
            <Panel
              title="RFM segments"
              subtitle="customers by recency + frequency + monetary score (each 1–5 by quintile, 5 = best), and their share of net revenue"
            >
              {hasCustomers && segments ? (
                <>
                  <Chart
                    option={segments}
                    height={230}
                    label="RFM segments: share of customers and of net revenue"
                  />
                  <DataTable
                    testId="rfm-segments"
                    csvName="rfm-segments"
                    rows={data.segments}
                    pageSize={5}
                    columns={[
                      {
                        key: 'segment',
                        label: 'Segment',
                        render: (r) => (
                          <span title={`R+F+M ${r.scoreRange}`}>
                            <SegmentPill segment={r.segment} />
                          </span>
                        ),
                      },
                      {
                        key: 'customers',
                        label: 'Customers',
                        numeric: true,
                        render: (r) => fmtCount(r.customers),
                      },
                      {
                        key: 'customerShare',
                        label: 'Share',
                        numeric: true,
                        render: (r) => fmtPercent(r.customerShare),
                      },
                      {
                        key: 'monetary',
                        label: 'Net revenue',
                        numeric: true,
                        render: (r) => fmtMoney(r.monetary),
                      },
                      {
                        key: 'averageMonetary',
                        label: 'Avg value',
                        numeric: true,
                        render: (r) => fmtMoney(r.averageMonetary),
                      },
                      {
                        key: 'averageRecencyDays',
                        label: 'Recency',
                        numeric: true,
                        render: (r) => fmtDays(r.averageRecencyDays),
                      },
                      {
                        key: 'averageFrequency',
                        label: 'Orders',
                        numeric: true,
                        render: (r) => r.averageFrequency?.toFixed(2) ?? '–',
                      },
                    ]}
                  />
                </>
              ) : (
                <Empty>No orders yet: segments need at least one customer with an order.</Empty>
              )}
            </Panel>
            <Panel
              title="Recency × frequency"
              subtitle="customers per R and F score; top right = ordered recently and often. Tied customers share a score, so some columns can be empty."
            >
              {hasCustomers && rf ? (
                <Chart option={rf} height={420} label="Recency × frequency heat map of customers" />
              ) : (
                <Empty>No orders yet.</Empty>
              )}
            </Panel>
          </div>
          <div className="grid">
            <Panel
              title="Retention cohorts"
              subtitle={`users by the ${unit} of their ${basis === 'first_order' ? 'first order' : 'first visit'} (rows), and the share who ${activeWord} again in each later ${unit} (columns; ${periodName(0, grain)} = their first ${unit}). Hatched: the current ${unit}, still in progress. Cohorts nobody started in are shown, never averaged in.`}
              actions={
                <>
                  <Toggle
                    label="Cohort grain"
                    value={grain}
                    options={[
                      { id: 'month', label: 'Monthly' },
                      { id: 'week', label: 'Weekly' },
                    ]}
                    onChange={(v) => setGrain(v === 'month' ? null : v)}
                  />
                  <Toggle
                    label="Cohort basis"
                    value={basis}
                    options={[
                      { id: 'first_order', label: 'First order' },
                      { id: 'first_visit', label: 'First visit' },
                    ]}
                    onChange={(v) => setBasis(v === 'first_order' ? null : v)}
                  />
                </>
              }
            >
              {data.cohorts.rows.length > 0 ? (
                <CohortTable cohorts={data.cohorts} grain={data.cohort} basis={data.basis} />
              ) : (
                <Empty>
                  No cohorts yet: nobody has {basis === 'first_order' ? 'ordered' : 'visited'}.
                </Empty>
              )}
            </Panel>
          </div>
          <div className="grid two">
            <Panel
              title="Retention curve"
              subtitle={`share of users who ${activeWord} again, by ${unit}s since their first, over the cohorts for which that ${unit} is over (weighted by size; grey bars: how many users that is)`}
            >
              {data.cohorts.curve.length > 1 && curve ? (
                <Chart option={curve} height={250} label="Retention curve" />
              ) : (
                <Empty>
                  Not enough history yet: the curve needs at least one complete {unit} after a
                  cohort's first.
                </Empty>
              )}
            </Panel>
            <Panel
              title="Lifecycle stages"
              subtitle="every user seen, in the first stage whose rule matches (hover for the rule); value tiers by lifetime-value quintile"
            >
              {data.kpis.usersSeen > 0 && lifecycle ? (
                <>
                  <Chart option={lifecycle} height={200} label="Users per lifecycle stage" />
                  <Tiers data={data} />
                </>
              ) : (
                <Empty>No users seen yet.</Empty>
              )}
            </Panel>
          </div>
          <div className="grid">
            <Panel
              title="Hot leads"
              subtitle={`carts abandoned in the last 7 days with no order since, highest purchase propensity first (top ${data.limit}); cart value is an estimate from the latest add-to-cart prices`}
            >
              {data.hotLeads.length > 0 ? (
                <DataTable
                  testId="hot-leads"
                  csvName={`hot-leads-${data.asOfDay ?? ''}`}
                  rows={data.hotLeads}
                  search={['userKey', 'email', 'name', 'country', 'cartProducts']}
                  pageSize={10}
                  columns={[
                    { key: 'rank', label: '#', numeric: true },
                    {
                      key: 'userKey',
                      label: 'User',
                      render: (r) => <UserKey userKey={r.userKey} name={r.name} />,
                    },
                    {
                      key: 'email',
                      label: 'Email',
                      render: (r) => (r.email ? <Clip text={r.email} width={210} /> : '–'),
                    },
                    { key: 'country', label: 'Country' },
                    {
                      key: 'minutesSinceAbandoned',
                      label: 'Abandoned',
                      numeric: true,
                      render: (r) => (
                        <span title={`cart session ended ${r.abandonedAt}`}>
                          {fmtMinutes(r.minutesSinceAbandoned)} ago
                        </span>
                      ),
                    },
                    {
                      key: 'cartItems',
                      label: 'Items',
                      numeric: true,
                      render: (r) => (
                        <span title={r.cartProducts ?? 'nothing left in the cart'}>
                          {fmtCount(r.cartItems)}
                        </span>
                      ),
                    },
                    {
                      key: 'cartValue',
                      label: 'Cart value',
                      numeric: true,
                      render: (r) => fmtMoney(r.cartValue),
                    },
                    {
                      key: 'propensity',
                      label: 'Propensity',
                      numeric: true,
                      render: (r) => r.propensity.toFixed(2),
                    },
                    { key: 'orders', label: 'Orders', numeric: true },
                    {
                      key: 'lifetimeValue',
                      label: 'Lifetime value',
                      numeric: true,
                      render: (r) => fmtMoney(r.lifetimeValue),
                    },
                  ]}
                />
              ) : (
                <Empty>
                  No hot leads: no cart was abandoned in the last 7 days without an order since.
                </Empty>
              )}
            </Panel>
          </div>
          <div className="grid">
            <Panel
              title="Top customers"
              subtitle={`the ${data.limit} customers with the highest lifetime value (net revenue of all their orders, refunds taken off)`}
            >
              {data.topCustomers.length > 0 ? (
                <DataTable
                  testId="top-customers"
                  csvName={`top-customers-${data.asOfDay ?? ''}`}
                  rows={data.topCustomers}
                  search={['userKey', 'email', 'name', 'country', 'lifecycleStage', 'rfmSegment']}
                  pageSize={10}
                  columns={[
                    {
                      key: 'userKey',
                      label: 'User',
                      render: (r) => <UserKey userKey={r.userKey} name={r.name} />,
                    },
                    {
                      key: 'email',
                      label: 'Email',
                      render: (r) => (r.email ? <Clip text={r.email} width={210} /> : '–'),
                    },
                    { key: 'country', label: 'Country' },
                    { key: 'orders', label: 'Orders', numeric: true },
                    {
                      key: 'lifetimeValue',
                      label: 'Lifetime value',
                      numeric: true,
                      render: (r) => fmtMoney(r.lifetimeValue),
                    },
                    { key: 'aov', label: 'AOV', numeric: true, render: (r) => fmtMoney(r.aov) },
                    {
                      key: 'lastOrderDay',
                      label: 'Last order',
                      render: (r) => (
                        <span title={`${r.lastOrderAt} · ${r.daysSinceLastOrder} days ago`}>
                          {r.lastOrderDay}
                        </span>
                      ),
                    },
                    {
                      key: 'lifecycleStage',
                      label: 'Stage',
                      render: (r) => <StagePill stage={r.lifecycleStage} />,
                    },
                    {
                      key: 'rfmSegment',
                      label: 'RFM segment',
                      render: (r) => (
                        <span title={`R ${r.rfmCell[0]} · F ${r.rfmCell[1]} · M ${r.rfmCell[2]}`}>
                          <SegmentPill segment={r.rfmSegment} />
                        </span>
                      ),
                    },
                  ]}
                />
              ) : (
                <Empty>No customers with an order yet.</Empty>
              )}
            </Panel>
          </div>
          <p className="foot muted">
            A user is a userId, else an anonymousId (not stitched). Days are local to {tz}; money is
            net product revenue, exact in the warehouse and rounded to cents here. RFM scores are
            quintiles among the {fmtCount(data.kpis.customers)} customers: ties share a score.
          </p>
        </>
      )}
    </Layout>
  );
}
