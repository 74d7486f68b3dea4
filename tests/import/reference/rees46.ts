/**
 * The key figures of the REES46 clickstream sample, computed from the CSV alone by the rules
 * of the import spec and the product's metric definitions (docs/metrics/imports.md): plain
 * TypeScript and big.js, no SQL and nothing of src/import.
 */
import { join } from 'node:path';
import { Big } from 'big.js';
import { DATA_DIR, bump, byName, decimal, readCsv, topByRank, type Ranked } from './common.js';

/** The data set's file. */
export const REES46_FILE = join(DATA_DIR, 'rees46_2019-10-01_0000-0250UTC.csv');

export const REES46_COLUMNS = [
  'event_time',
  'event_type',
  'product_id',
  'category_id',
  'category_code',
  'brand',
  'price',
  'user_id',
  'user_session',
] as const;

/** Counts of one UTC 10-minute bucket (or of the whole file). */
export interface ClickCounts {
  /** view rows: each is a stored `page_view` (inferred) and a `product_viewed`. */
  views: number;
  carts: number;
  removals: number;
  /** Purchase groups: each is an inferred `checkout_started`, zero-price ones included. */
  checkouts: number;
  /** Stored orders: purchase groups without a zero-price line. */
  orders: number;
  units: number;
  revenue: Big;
}

export interface Rees46Product {
  productId: string;
  orders: number;
  units: number;
  revenue: Big;
}

export interface Rees46Figures {
  rows: number;
  rowsByType: Record<string, number>;
  /** Rows identical to an earlier row, by event type. */
  duplicateRows: Record<string, number>;
  totals: ClickCounts & {
    purchaseRows: number;
    zeroPriceOrders: number;
    zeroPriceLines: number;
    users: number;
    /** Users with a stored order. */
    buyers: number;
    /** Server-side sessions (a user's events with gaps under 30 minutes). */
    sessions: number;
  };
  /** Keyed by the bucket's start, `YYYY-MM-DD HH:M0:00` (UTC). */
  tenMinutes: (ClickCounts & { start: string })[];
  /** The user-level funnel of the one entry day (all rows are on 2019-10-01 UTC). */
  funnel: { day: string; steps: readonly [number, number, number, number, number] };
  topByRevenue: Ranked<Rees46Product>[];
  topByUnits: Ranked<Rees46Product>[];
}

interface Row {
  time: string;
  type: string;
  productId: string;
  price: Big;
  userId: string;
  session: string;
  duplicate: boolean;
}

/** A purchase group: one order, one inferred checkout. */
interface Group {
  time: string;
  userId: string;
  lines: Row[];
  zeroPrice: boolean;
}

/** Reads the file and computes every figure. */
export function rees46Reference(file = REES46_FILE): Rees46Figures {
  const rows = readRows(file);
  const groups = purchaseGroups(rows);
  const orders = groups.filter((g) => !g.zeroPrice);
  const total = counts(rows, groups, () => 'all').get('all')!;
  const buckets = counts(rows, groups, (time) => `${time.slice(0, 15)}0:00`);
  const rowsByType: Record<string, number> = {};
  const duplicateRows: Record<string, number> = {};
  for (const r of rows) bump(r.duplicate ? duplicateRows : rowsByType, r.type);
  for (const [type, n] of Object.entries(duplicateRows)) bump(rowsByType, type, n);
  const products = productSales(orders);
  const zero = groups.filter((g) => g.zeroPrice);
  return {
    rows: rows.length,
    rowsByType,
    duplicateRows,
    totals: {
      ...total,
      purchaseRows: rowsByType.purchase ?? 0,
      zeroPriceOrders: zero.length,
      zeroPriceLines: zero.reduce((n, g) => n + g.lines.length, 0),
      users: new Set(rows.map((r) => r.userId)).size,
      buyers: new Set(orders.map((g) => g.userId)).size,
      sessions: serverSessions(rows),
    },
    tenMinutes: [...buckets]
      .map(([start, c]) => ({ start, ...c }))
      .sort((a, b) => (a.start < b.start ? -1 : 1)),
    funnel: userFunnel(rows, groups),
    topByRevenue: topByRank(
      products,
      (p) => p.revenue,
      (p) => p.productId,
      10,
    ),
    topByUnits: topByRank(
      products,
      (p) => new Big(p.units),
      (p) => p.productId,
      10,
    ),
  };
}

function readRows(file: string): Row[] {
  const seen = new Set<string>();
  return readCsv(file, REES46_COLUMNS).map((cols) => {
    const { event_time: time, event_type: type, ...r } = byName(cols, REES46_COLUMNS);
    if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/.test(time)) throw new Error(`bad time ${time}`);
    const key = cols.join('\u0000');
    const duplicate = seen.has(key);
    seen.add(key);
    return {
      time: time.slice(0, 19),
      type,
      productId: r.product_id,
      price: decimal(r.price),
      userId: r.user_id,
      session: r.user_session,
      duplicate,
    };
  });
}

/**
 * Purchase rows of one session and user in one second are one order, one unit a row. A
 * duplicate row is an adjustment, not a line; a zero-price line quarantines its order.
 */
function purchaseGroups(rows: Row[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    if (r.type !== 'purchase' || r.duplicate) continue;
    const key = [r.session, r.userId, r.time].join('\u0000');
    const g = groups.get(key) ?? { time: r.time, userId: r.userId, lines: [], zeroPrice: false };
    g.lines.push(r);
    g.zeroPrice ||= r.price.eq(0);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Counts per bucket of time: stored clickstream events, checkouts, orders, units, revenue. */
function counts(
  rows: Row[],
  groups: Group[],
  bucketOf: (time: string) => string,
): Map<string, ClickCounts> {
  const buckets = new Map<string, ClickCounts>();
  const at = (time: string) => {
    const key = bucketOf(time);
    let c = buckets.get(key);
    if (!c) {
      c = {
        views: 0,
        carts: 0,
        removals: 0,
        checkouts: 0,
        orders: 0,
        units: 0,
        revenue: new Big(0),
      };
      buckets.set(key, c);
    }
    return c;
  };
  for (const r of rows) {
    if (r.duplicate) continue;
    if (r.type === 'view') at(r.time).views += 1;
    else if (r.type === 'cart') at(r.time).carts += 1;
    else if (r.type === 'remove_from_cart') at(r.time).removals += 1;
  }
  for (const g of groups) {
    const c = at(g.time);
    c.checkouts += 1;
    if (g.zeroPrice) continue;
    c.orders += 1;
    c.units += g.lines.length;
    c.revenue = g.lines.reduce((s, l) => s.plus(l.price), c.revenue);
  }
  return buckets;
}

function productSales(orders: Group[]): Rees46Product[] {
  const products = new Map<string, Rees46Product & { orderKeys: Set<Group> }>();
  for (const g of orders) {
    for (const l of g.lines) {
      const p = products.get(l.productId) ?? {
        productId: l.productId,
        orderKeys: new Set<Group>(),
        orders: 0,
        units: 0,
        revenue: new Big(0),
      };
      p.orderKeys.add(g);
      p.units += 1;
      p.revenue = p.revenue.plus(l.price);
      products.set(l.productId, p);
    }
  }
  return [...products.values()].map(({ orderKeys, ...p }) => ({ ...p, orders: orderKeys.size }));
}

const seconds = (time: string) => Date.parse(`${time.replace(' ', 'T')}Z`) / 1000;

/** Sessions per user: a gap of 30 minutes or more between two events starts a new one. */
function serverSessions(rows: Row[]): number {
  const times = new Map<string, number[]>();
  for (const r of rows) {
    const list = times.get(r.userId) ?? [];
    list.push(seconds(r.time));
    times.set(r.userId, list);
  }
  let sessions = 0;
  for (const ts of times.values()) {
    ts.sort((a, b) => a - b);
    sessions += 1 + ts.filter((t, i) => i > 0 && t - ts[i - 1]! >= 30 * 60).length;
  }
  return sessions;
}

/**
 * The user-level funnel (docs/metrics/funnel-retention.md) of 2019-10-01: a user enters at
 * their first page view (a view row); each step is the first event of its kind at or after
 * the step before, within 24 hours of the entry. Checkouts are every purchase group's, orders
 * only the stored ones.
 */
function userFunnel(rows: Row[], groups: Group[]): Rees46Figures['funnel'] {
  const events = new Map<string, { kind: number; time: string }[]>();
  const add = (userId: string, kind: number, time: string) => {
    const list = events.get(userId) ?? [];
    list.push({ kind, time });
    events.set(userId, list);
  };
  for (const r of rows) {
    if (r.type === 'view') add(r.userId, 1, r.time);
    if (r.type === 'cart') add(r.userId, 3, r.time);
  }
  for (const g of groups) {
    add(g.userId, 4, g.time);
    if (!g.zeroPrice) add(g.userId, 5, g.time);
  }
  const day = rows[0]!.time.slice(0, 10);
  const reachedSteps: number[] = [];
  for (const list of events.values()) {
    const views = list.filter((e) => e.kind === 1).map((e) => e.time);
    if (views.length === 0) continue;
    const entry = views.reduce((a, b) => (b < a ? b : a));
    if (views.some((v) => v.slice(0, 10) !== day)) throw new Error('more than one entry day');
    const end = seconds(entry) + 24 * 3600;
    // steps 1 and 2 are reached together: the inferred page view and its product view
    let reached = 2;
    let at = entry;
    for (const kind of [3, 4, 5]) {
      const next = list
        .filter((e) => e.kind === kind && e.time >= at && seconds(e.time) <= end)
        .map((e) => e.time)
        .sort()[0];
      if (next === undefined) break;
      reached = kind;
      at = next;
    }
    reachedSteps.push(reached);
  }
  const reaching = (k: number) => reachedSteps.filter((r) => r >= k).length;
  const steps = [reaching(1), reaching(2), reaching(3), reaching(4), reaching(5)] as const;
  return { day, steps };
}
