import { withUtm, type Arrival } from './traffic.js';
import type { Place } from './places.js';
import type { Rng } from './rng.js';

export type WireEvent = Record<string, unknown>;

/**
 * One action of a session and its time. The event is built only when it is due: the session is
 * paused at this step until then, so `build` sees the session as it was at this step, and steps
 * skipped while warming up cost no event at all.
 */
export interface Step {
  at: number;
  build(): WireEvent;
}

/** A session's steps in time order, produced one at a time. */
export type Steps = Generator<Step, void, undefined>;

/** How one client library writes events: real shops mix several. */
export interface ClientStyle {
  snakeCaseNames: boolean;
  moneyAsString: boolean;
  lowerCaseCurrency: boolean;
}

/** What a session's events share; `userId` appears when the shopper signs up or logs in. */
export interface Visit {
  sessionId: string;
  anonymousId: string;
  userId: string | undefined;
  ip: string;
  userAgent: string;
  place: Place;
  arrival: Arrival;
  style: ClientStyle;
}

export type TrackName =
  | 'products_searched'
  | 'product_viewed'
  | 'product_added'
  | 'product_removed'
  | 'checkout_started'
  | 'order_completed'
  | 'order_refunded'
  | 'signed_up'
  | 'logged_in';

const V2_NAMES: Record<TrackName, string> = {
  products_searched: 'Products Searched',
  product_viewed: 'Product Viewed',
  product_added: 'Product Added',
  product_removed: 'Product Removed',
  checkout_started: 'Checkout Started',
  order_completed: 'Order Completed',
  order_refunded: 'Order Refunded',
  signed_up: 'Signed Up',
  logged_in: 'Logged In',
};

const SHOP_ORIGIN = 'https://shop.example.com';

interface PageInfo {
  url: string;
  path: string;
  search?: string;
  referrer: string;
  title: string;
}

/**
 * Turns one session's actions into steps, keeping the session's own clock, the page the
 * shopper is on and who they are (a sign-up changes it mid-session).
 */
export class SessionWriter {
  private page: PageInfo | undefined;

  constructor(
    private readonly rng: Rng,
    private at: number,
    readonly visit: Visit,
  ) {}

  /** The shopper's pause before the next action. */
  wait(minSeconds: number, maxSeconds: number): void {
    this.at += this.rng.int(minSeconds * 1000, maxSeconds * 1000);
  }

  /** A page call; the landing page's URL carries the campaign tags the ad or email linked. */
  viewPage(name: string, path: string, search = ''): Step {
    const landing = this.page === undefined;
    const url = landing
      ? withUtm(`${SHOP_ORIGIN}${path}${search}`, this.visit.arrival.utm)
      : `${SHOP_ORIGIN}${path}${search}`;
    const query = url.slice(SHOP_ORIGIN.length + path.length);
    const page: PageInfo = {
      url,
      path,
      ...(query ? { search: query } : {}),
      referrer: this.page?.url ?? this.visit.arrival.referrer,
      title: `${name} | Example Shop`,
    };
    this.page = page;
    return this.step({ type: 'page', name }, () => ({ properties: { ...page } }));
  }

  track(name: TrackName, properties: () => Record<string, unknown>): Step {
    return this.step({ type: 'track', event: this.eventName(name) }, () => ({
      properties: properties(),
    }));
  }

  identify(userId: string, traits: () => Record<string, unknown>): Step {
    this.visit.userId = userId;
    return this.step({ type: 'identify' }, () => ({ traits: traits() }));
  }

  /** A server-side event long after the session (a refund): no browser context. */
  later(delayMs: number, name: TrackName, properties: () => Record<string, unknown>): Step {
    const at = this.at + delayMs;
    return {
      at,
      build: () => ({
        type: 'track',
        event: this.eventName(name),
        messageId: this.rng.uuid(),
        ...this.identity(),
        timestamp: new Date(at).toISOString(),
        properties: properties(),
      }),
    };
  }

  private eventName(name: TrackName): string {
    return this.visit.style.snakeCaseNames ? name : V2_NAMES[name];
  }

  private step(head: WireEvent, payload: () => WireEvent): Step {
    const at = this.at;
    return {
      at,
      build: () => ({
        ...head,
        messageId: this.rng.uuid(),
        ...this.identity(),
        timestamp: new Date(at).toISOString(),
        context: this.context(),
        ...payload(),
      }),
    };
  }

  private identity(): { userId?: string; anonymousId: string } {
    const { userId, anonymousId } = this.visit;
    return userId === undefined ? { anonymousId } : { userId, anonymousId };
  }

  private context(): WireEvent {
    const { ip, userAgent, place, arrival, sessionId } = this.visit;
    const utm = arrival.campaignInContext ? arrival.utm : undefined;
    return {
      ip,
      userAgent,
      locale: place.locale,
      timezone: place.timezone,
      sessionId,
      ...(this.page ? { page: { ...this.page } } : {}),
      // Some clients keep the campaign for the whole session; others never parse it.
      ...(utm ? { campaign: { source: utm.source, medium: utm.medium, name: utm.name } } : {}),
      location: { country: place.country, city: place.city },
    };
  }
}
