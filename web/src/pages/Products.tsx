import { useEffect, useMemo, useState } from 'react';
import type { ProductsResponse } from '@api/types';
import { COLORS, Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { KpiCard } from '../components/KpiCard';
import { Layout } from '../components/Layout';
import { Empty, Panel, Status } from '../components/Panel';
import { useApi } from '../lib/api';
import { fmtCount, fmtMoney, fmtMoneyShort, fmtPercent } from '../lib/format';
import { useMeta } from '../lib/meta';
import { useQueryParam, useRange } from '../lib/url-state';

type Data = ProductsResponse;
type Row = Data['rows'][number];

const SORTS = [
  { id: 'net_revenue', label: 'Net revenue' },
  { id: 'units', label: 'Units' },
  { id: 'orders', label: 'Orders' },
  { id: 'views', label: 'Views' },
  { id: 'view_to_order_rate', label: 'View-to-order rate' },
];
const LIMITS = ['50', '200', '1000'];

/** A name short enough for an axis label. */
const short = (name: string, n = 26) => (name.length > n ? `${name.slice(0, n - 1)}…` : name);

function Kpis({ data }: { data: Data }) {
  const t = data.totals;
  const p = data.previous.totals;
  return (
    <div className="kpis">
      <KpiCard
        testId="products-viewed"
        label="Products viewed"
        value={fmtCount(t.productsViewed)}
        now={t.productsViewed}
        before={p.productsViewed}
      />
      <KpiCard
        testId="products-sold"
        label="Products sold"
        value={fmtCount(t.productsSold)}
        now={t.productsSold}
        before={p.productsSold}
      />
      <KpiCard
        testId="units"
        label="Units sold"
        value={fmtCount(t.units)}
        now={t.units}
        before={p.units}
      />
      <KpiCard
        testId="net-revenue"
        label="Net product revenue"
        value={fmtMoney(t.netRevenue)}
        now={t.netRevenue}
        before={p.netRevenue}
      />
      <KpiCard
        testId="refunds"
        label="Refunded"
        value={fmtMoney(t.refunds)}
        now={t.refunds}
        before={p.refunds}
        inverse
      />
    </div>
  );
}

/** The ten products with the most net revenue among the rows, as horizontal bars. */
function topOption(rows: Row[]) {
  const top = [...rows]
    .filter((r) => Number(r.netRevenue) > 0)
    .sort((a, b) => Number(b.netRevenue) - Number(a.netRevenue))
    .slice(0, 10);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const r = top[items[0]?.dataIndex ?? 0]!;
        return `<b>${r.name}</b><br/>${r.category ?? ''}<br/>Net revenue ${fmtMoney(r.netRevenue)}<br/>${fmtCount(r.units)} units in ${fmtCount(r.orders)} orders`;
      },
    },
    grid: { left: 190, right: 70, top: 8, bottom: 8 },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: top.map((r) => short(r.name)),
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        name: 'Net revenue',
        type: 'bar',
        barWidth: '60%',
        data: top.map((r) => Number(r.netRevenue)),
        itemStyle: { color: COLORS[0], borderRadius: [0, 4, 4, 0] },
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: number }) => fmtMoneyShort(p.value),
        },
      },
    ],
  };
}

/** View-to-order rate against views, one bubble per viewed product, sized by net revenue. */
function scatterOption(rows: Row[]) {
  const viewed = rows.filter((r) => r.sessionsViewed > 0 && r.viewToOrderRate != null);
  const maxRevenue = Math.max(1, ...viewed.map((r) => Number(r.netRevenue)));
  return {
    tooltip: {
      formatter: (p: { dataIndex: number }) => {
        const r = viewed[p.dataIndex]!;
        return `<b>${r.name}</b><br/>${fmtCount(r.views)} views · ${fmtCount(r.sessionsViewed)} sessions<br/>View-to-order ${fmtPercent(r.viewToOrderRate)}<br/>Net revenue ${fmtMoney(r.netRevenue)}`;
      },
    },
    grid: { left: 56, right: 24, top: 24, bottom: 40 },
    xAxis: {
      type: 'value',
      name: 'views',
      nameLocation: 'middle',
      nameGap: 26,
      minInterval: 1,
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    yAxis: {
      type: 'value',
      name: 'view-to-order rate',
      nameTextStyle: { color: '#6b7280', align: 'left' },
      min: 0,
      axisLabel: { formatter: (v: number) => fmtPercent(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    series: [
      {
        name: 'Products',
        type: 'scatter',
        data: viewed.map((r) => [r.views, r.viewToOrderRate, Number(r.netRevenue)]),
        symbolSize: (v: [number, number, number]) =>
          6 + 30 * Math.sqrt(Math.max(0, v[2]) / maxRevenue),
        itemStyle: { color: COLORS[1], opacity: 0.6, borderColor: '#0369a1', borderWidth: 0.5 },
      },
    ],
  };
}

/** Products whose carts were abandoned in the most sessions, with the abandonment rate. */
function abandonOption(rows: Row[]) {
  const top = [...rows]
    .filter((r) => r.sessionsCartAbandoned > 0)
    .sort(
      (a, b) =>
        b.sessionsCartAbandoned - a.sessionsCartAbandoned || b.sessionsAdded - a.sessionsAdded,
    )
    .slice(0, 10);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const r = top[items[0]?.dataIndex ?? 0]!;
        return `<b>${r.name}</b><br/>${fmtCount(r.sessionsAdded)} sessions added it<br/>${fmtCount(r.sessionsCartAbandoned)} did not order it (${fmtPercent(r.cartAbandonmentRate)})`;
      },
    },
    legend: { top: 0, data: ['Ordered', 'Abandoned'] },
    grid: { left: 190, right: 56, top: 28, bottom: 8 },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: top.map((r) => short(r.name)),
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        name: 'Ordered',
        type: 'bar',
        stack: 'carts',
        barWidth: '60%',
        data: top.map((r) => r.sessionsAdded - r.sessionsCartAbandoned),
        itemStyle: { color: COLORS[2] },
      },
      {
        name: 'Abandoned',
        type: 'bar',
        stack: 'carts',
        data: top.map((r) => r.sessionsCartAbandoned),
        itemStyle: { color: COLORS[4], borderRadius: [0, 4, 4, 0] },
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number }) =>
            fmtPercent(top[p.dataIndex]!.cartAbandonmentRate),
        },
      },
    ],
  };
}

/** Daily net revenue of the range's five best sellers. */
function dailyOption(data: Data) {
  const days = data.topDaily[0]?.days.map((d) => d.day) ?? [];
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => fmtMoney(v),
    },
    legend: { top: 0, formatter: (n: string) => short(n, 20) },
    grid: { left: 64, right: 16, top: 56, bottom: 28 },
    xAxis: { type: 'category', data: days, boundaryGap: false },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => fmtMoneyShort(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    series: data.topDaily.map((p) => ({
      name: p.name,
      type: 'line',
      symbolSize: 6,
      data: p.days.map((d) => Number(d.netRevenue)),
    })),
  };
}

function ProductTable({ data }: { data: Data }) {
  return (
    <DataTable
      testId="products-table"
      csvName={`products-${data.range.from}-${data.range.to}${data.q ? `-${data.q}` : ''}`}
      rows={data.rows}
      search={['name', 'productId', 'category', 'brand']}
      pageSize={25}
      columns={[
        {
          key: 'revenueRank',
          label: '#',
          numeric: true,
          render: (r) => <span className="muted">{r.revenueRank}</span>,
        },
        {
          key: 'name',
          label: 'Product',
          render: (r) => (
            <b
              title={r.productId}
              style={{ whiteSpace: 'normal', display: 'inline-block', minWidth: 150 }}
            >
              {r.name}
            </b>
          ),
        },
        { key: 'category', label: 'Category' },
        { key: 'brand', label: 'Brand' },
        { key: 'views', label: 'Views', numeric: true, render: (r) => fmtCount(r.views) },
        {
          key: 'addToCarts',
          label: 'Carts',
          numeric: true,
          render: (r) => fmtCount(r.addToCarts),
        },
        { key: 'orders', label: 'Orders', numeric: true, render: (r) => fmtCount(r.orders) },
        { key: 'units', label: 'Units', numeric: true, render: (r) => fmtCount(r.units) },
        {
          key: 'netRevenue',
          label: 'Net revenue',
          numeric: true,
          render: (r) => fmtMoney(r.netRevenue),
        },
        {
          key: 'viewToCartRate',
          label: 'View→cart',
          numeric: true,
          render: (r) => fmtPercent(r.viewToCartRate),
        },
        {
          key: 'cartToOrderRate',
          label: 'Cart→order',
          numeric: true,
          render: (r) => fmtPercent(r.cartToOrderRate),
        },
        {
          key: 'viewToOrderRate',
          label: 'View→order',
          numeric: true,
          render: (r) => fmtPercent(r.viewToOrderRate),
        },
        {
          key: 'cartAbandonmentRate',
          label: 'Abandonment',
          numeric: true,
          render: (r) =>
            r.cartAbandonmentRate == null ? (
              '–'
            ) : (
              <span
                className={`pill ${r.cartAbandonmentRate >= 0.75 ? 'bad' : r.cartAbandonmentRate >= 0.5 ? 'warn' : 'good'}`}
              >
                {fmtPercent(r.cartAbandonmentRate)}
              </span>
            ),
        },
        { key: 'unitsRank', label: 'Units #', numeric: true },
      ]}
    />
  );
}

/** The server-side search: all the range's products, not only the rows loaded. */
function SearchBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const t = setTimeout(() => onChange(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <input
      type="search"
      className="control"
      style={{
        border: '1px solid var(--line)',
        borderRadius: 7,
        padding: '5px 8px',
        font: 'inherit',
      }}
      placeholder="Search all products…"
      aria-label="Search all products"
      maxLength={100}
      value={text}
      onChange={(e) => setText(e.target.value)}
    />
  );
}

export function Products() {
  const range = useRange();
  const meta = useMeta();
  const tz = meta?.reportTimeZone ?? 'UTC';
  const [q, setQ] = useQueryParam('q', '');
  const [sort, setSort] = useQueryParam('sort', 'net_revenue');
  const [limit, setLimit] = useQueryParam('limit', '200');
  const { data, error, loading } = useApi<Data>('/products', {
    from: range.from,
    to: range.to,
    q: q || undefined,
    sort,
    limit,
  });
  const rows = useMemo(() => data?.rows ?? [], [data]);
  const top = useMemo(() => topOption(rows), [rows]);
  const scatter = useMemo(() => scatterOption(rows), [rows]);
  const abandon = useMemo(() => abandonOption(rows), [rows]);
  const daily = useMemo(() => data && dailyOption(data), [data]);
  const sortLabel = SORTS.find((s) => s.id === sort)?.label ?? sort;
  const among = data?.q ? ` among products matching “${data.q}”` : ' among the listed products';
  return (
    <Layout title="Products">
      <Status loading={loading && !data} error={error} />
      {data && (
        <>
          <Kpis data={data} />
          <div className="grid two">
            <Panel title="Top 10 by net revenue" subtitle={`net of refunds${among}`}>
              {rows.some((r) => Number(r.netRevenue) > 0) ? (
                <Chart option={top} height={300} label="Top 10 products by net revenue" />
              ) : (
                <Empty>No product sold in the range.</Empty>
              )}
            </Panel>
            <Panel
              title="Which views turn into orders"
              subtitle="view-to-order rate (sessions that viewed and ordered / sessions that viewed) vs views; bubble size = net revenue"
            >
              {rows.some((r) => r.sessionsViewed > 0) ? (
                <Chart option={scatter} height={300} label="View-to-order rate vs views" />
              ) : (
                <Empty>No product views in the range.</Empty>
              )}
            </Panel>
          </div>
          <div className="grid two">
            <Panel
              title="Daily net revenue of the top 5"
              subtitle="the range’s five best sellers, by order day (refunds booked against the order)"
            >
              {data.topDaily.length > 0 && daily ? (
                <Chart
                  option={daily}
                  height={300}
                  label="Daily net revenue of the top 5 products"
                />
              ) : (
                <Empty>No product sold in the range.</Empty>
              )}
            </Panel>
            <Panel
              title="Most abandoned carts"
              subtitle={`sessions that added the product and did not order it${among}`}
            >
              {rows.some((r) => r.sessionsCartAbandoned > 0) ? (
                <Chart
                  option={abandon}
                  height={300}
                  label="Products with the most abandoned carts"
                />
              ) : (
                <Empty>No abandoned carts in the range.</Empty>
              )}
            </Panel>
          </div>
          <Panel
            title="All products"
            subtitle={
              <span data-testid="products-matching">
                {fmtCount(data.rows.length)} of {fmtCount(data.matching)} products
                {data.q ? ` matching “${data.q}”` : ''}, the first by {sortLabel.toLowerCase()};
                rates are session based; # = rank by net revenue in the range
              </span>
            }
            actions={
              <>
                <SearchBox value={q} onChange={setQ} />
                <select
                  className="control"
                  aria-label="Sort"
                  value={sort}
                  onChange={(e) =>
                    setSort(e.target.value === 'net_revenue' ? null : e.target.value)
                  }
                >
                  {SORTS.map((s) => (
                    <option key={s.id} value={s.id}>
                      Top by {s.label.toLowerCase()}
                    </option>
                  ))}
                </select>
                <select
                  className="control"
                  aria-label="Rows"
                  value={limit}
                  onChange={(e) => setLimit(e.target.value === '200' ? null : e.target.value)}
                >
                  {LIMITS.map((l) => (
                    <option key={l} value={l}>
                      {l} rows
                    </option>
                  ))}
                </select>
              </>
            }
          >
            {data.rows.length > 0 ? (
              <div style={{ fontSize: 13 }}>
                <ProductTable data={data} />
              </div>
            ) : (
              <Empty>
                {data.q
                  ? `No product matches “${data.q}” in the range.`
                  : 'No product was viewed or sold in the range.'}
              </Empty>
            )}
          </Panel>
          <p className="foot muted">
            Views and rates come from non-bot sessions that started in the range; orders, units and
            revenue from the product lines of orders placed in the range, less their refunds and
            cancellations. Days are local to {tz}; the previous period is {data.previous.from} →{' '}
            {data.previous.to}.
          </p>
        </>
      )}
    </Layout>
  );
}
