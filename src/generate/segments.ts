export type SegmentName = 'power_buyer' | 'browser' | 'occasional' | 'new';

export interface Propensity {
  /** Share of all sessions opened by this segment (power buyers visit often). */
  sessionShare: number;
  /** Share of the customer base at start, for the returning segments. */
  populationShare: number;
  minViews: number;
  maxViews: number;
  search: number;
  /** Per product view. */
  addToCart: number;
  /** Per add to cart. */
  removeFromCart: number;
  /** Given a non-empty cart at the end of browsing. */
  checkout: number;
  /** Given a started checkout. */
  purchase: number;
}

/**
 * Tuned so that across the mix about 30% of product views become an add to cart and about half
 * of the sessions with a cart end in an order, the figures the brief and the tests hold to.
 */
export const SEGMENTS: Record<SegmentName, Propensity> = {
  power_buyer: {
    sessionShare: 0.2,
    populationShare: 0.15,
    minViews: 2,
    maxViews: 4,
    search: 0.5,
    addToCart: 0.52,
    removeFromCart: 0.08,
    checkout: 0.92,
    purchase: 0.88,
  },
  browser: {
    sessionShare: 0.35,
    populationShare: 0.45,
    minViews: 3,
    maxViews: 5,
    search: 0.35,
    addToCart: 0.2,
    removeFromCart: 0.15,
    checkout: 0.65,
    purchase: 0.62,
  },
  occasional: {
    sessionShare: 0.3,
    populationShare: 0.4,
    minViews: 2,
    maxViews: 5,
    search: 0.3,
    addToCart: 0.32,
    removeFromCart: 0.1,
    checkout: 0.8,
    purchase: 0.76,
  },
  new: {
    sessionShare: 0.15,
    populationShare: 0,
    minViews: 2,
    maxViews: 5,
    search: 0.25,
    addToCart: 0.3,
    removeFromCart: 0.12,
    checkout: 0.75,
    purchase: 0.68,
  },
};

export const SEGMENT_NAMES = Object.keys(SEGMENTS) as SegmentName[];

export const RETURNING_SEGMENTS = SEGMENT_NAMES.filter((name) => name !== 'new');
