import type { Rng } from './rng.js';

export type SourceKind = 'direct' | 'organic_search' | 'paid_search' | 'social' | 'email';

export interface Utm {
  source: string;
  medium: string;
  name: string;
  term?: string;
}

export interface Arrival {
  kind: SourceKind;
  referrer: string;
  utm: Utm | undefined;
  /**
   * analytics.js copies the UTM parameters into context.campaign; server-side and mobile
   * clients often do not, leaving them only in the landing URL for the pipeline to parse.
   */
  campaignInContext: boolean;
}

const SOURCE_MIX: readonly (readonly [SourceKind, number])[] = [
  ['direct', 30],
  ['organic_search', 25],
  ['paid_search', 15],
  ['social', 15],
  ['email', 15],
];

const SEARCH_ENGINES = [
  'https://www.google.com/',
  'https://www.bing.com/',
  'https://duckduckgo.com/',
];
const SOCIAL_SITES = [
  ['facebook', 'https://l.facebook.com/'],
  ['instagram', 'https://l.instagram.com/'],
  ['tiktok', 'https://www.tiktok.com/'],
  ['pinterest', 'https://www.pinterest.com/'],
] as const;
const PAID_CAMPAIGNS = ['brand_search', 'spring_sale', 'shopping_generic', 'competitor_terms'];
const SOCIAL_CAMPAIGNS = ['summer_drop', 'influencer_q2', 'retargeting'];
const EMAIL_CAMPAIGNS = ['weekly_digest', 'abandoned_cart', 'vip_early_access'];
const SEARCH_TERMS = ['headphones', 'yoga mat', 'gift ideas', 'running shoes', 'desk lamp'];

export function pickArrival(rng: Rng): Arrival {
  const kind = rng.weighted(SOURCE_MIX);
  const utm = utmFor(kind, rng);
  return {
    kind,
    referrer: referrerFor(kind, utm, rng),
    utm,
    campaignInContext: utm !== undefined && rng.chance(0.6),
  };
}

function utmFor(kind: SourceKind, rng: Rng): Utm | undefined {
  switch (kind) {
    case 'paid_search':
      return {
        source: rng.weighted([
          ['google', 85],
          ['bing', 15],
        ]),
        medium: 'cpc',
        name: rng.pick(PAID_CAMPAIGNS),
        term: rng.pick(SEARCH_TERMS),
      };
    case 'social':
      // Organic social shares carry no tags; only the paid posts do.
      return rng.chance(0.6)
        ? {
            source: rng.pick(SOCIAL_SITES)[0],
            medium: 'paid_social',
            name: rng.pick(SOCIAL_CAMPAIGNS),
          }
        : undefined;
    case 'email':
      return { source: 'newsletter', medium: 'email', name: rng.pick(EMAIL_CAMPAIGNS) };
    default:
      return undefined;
  }
}

function referrerFor(kind: SourceKind, utm: Utm | undefined, rng: Rng): string {
  switch (kind) {
    case 'organic_search':
      return rng.pick(SEARCH_ENGINES);
    case 'paid_search':
      return utm?.source === 'bing' ? 'https://www.bing.com/' : 'https://www.google.com/';
    case 'social': {
      const site = SOCIAL_SITES.find(([name]) => name === utm?.source) ?? rng.pick(SOCIAL_SITES);
      return site[1];
    }
    default:
      return '';
  }
}

/** The landing URL with the campaign in its query string, as the ad or the email linked it. */
export function withUtm(url: string, utm: Utm | undefined): string {
  if (!utm) return url;
  const query = new URLSearchParams({
    utm_source: utm.source,
    utm_medium: utm.medium,
    utm_campaign: utm.name,
  });
  if (utm.term !== undefined) query.set('utm_term', utm.term);
  return `${url}${url.includes('?') ? '&' : '?'}${query.toString()}`;
}
