import type { CanonicalEvent } from './schema.js';

/**
 * Track event names accepted on the wire, mapped to one canonical name: Segment's V2
 * e-commerce spec names ("Product Viewed") and snake_case names ("product_viewed").
 * Matching ignores case, spaces, hyphens and underscores, so "Order Completed",
 * "order_completed" and "order-completed" are one event.
 */
export const ALIASES: Record<string, CanonicalEvent> = {
  pageview: 'page_view',
  pageviewed: 'page_view',
  productviewed: 'product_viewed',
  productssearched: 'products_searched',
  productsearched: 'products_searched',
  productadded: 'product_added',
  addtocart: 'product_added',
  productremoved: 'product_removed',
  removefromcart: 'product_removed',
  checkoutstarted: 'checkout_started',
  ordercompleted: 'order_completed',
  purchase: 'order_completed',
  orderrefunded: 'order_refunded',
  ordercancelled: 'order_cancelled',
  ordercanceled: 'order_cancelled',
  signedup: 'signed_up',
  loggedin: 'logged_in',
  adjustmentrecorded: 'adjustment_recorded',
};

function squash(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The canonical name of a track event, or undefined when the name is not in the contract. */
export function canonicalTrackName(name: string): CanonicalEvent | undefined {
  return ALIASES[squash(name)];
}
