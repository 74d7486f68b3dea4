import { LRUCache } from 'lru-cache';
import { UAParser } from 'ua-parser-js';
import { isbot } from 'isbot';
import type { NormalisedEvent } from './normalise.js';

export interface Device {
  device_type: string;
  browser: string | null;
  os: string | null;
  is_bot: boolean;
}

export interface Utm {
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
}

export interface EnrichedEvent extends NormalisedEvent {
  device: Device;
  utm: Utm;
}

const UNKNOWN: Device = { device_type: 'unknown', browser: null, os: null, is_bot: false };

/** Device, browser and OS from the user agent (ua-parser-js), a bot flag (isbot), UTM. */
export function createEnrichStep(cacheSize = 10_000) {
  // Shops see few distinct user agents and parsing one costs microseconds: cache them.
  const cache = new LRUCache<string, Device>({ max: cacheSize });
  const device = (ua: string | undefined): Device => {
    if (!ua) return UNKNOWN;
    let d = cache.get(ua);
    if (!d) {
      d = parseUserAgent(ua);
      cache.set(ua, d);
    }
    return d;
  };
  return function enrich(n: NormalisedEvent): EnrichedEvent {
    const ctx = n.envelope.context;
    return { ...n, device: device(ctx?.userAgent), utm: utm(ctx?.campaign, ctx?.page?.url) };
  };
}

function parseUserAgent(ua: string): Device {
  const r = new UAParser(ua).getResult();
  const bot = isbot(ua);
  return {
    // ua-parser-js leaves the device type empty for desktops.
    device_type: bot ? 'bot' : (r.device.type ?? 'desktop'),
    browser: r.browser.name ?? null,
    os: r.os.name ?? null,
    is_bot: bot,
  };
}

function utm(
  campaign: Record<string, string | undefined> | undefined,
  url: string | undefined,
): Utm {
  let q: URLSearchParams | null = null;
  if (url?.includes('utm_')) {
    try {
      q = new URL(url).searchParams;
    } catch {
      q = null;
    }
  }
  const pick = (key: string) => campaign?.[key] || q?.get(`utm_${key}`) || null;
  return {
    utm_source: pick('source'),
    utm_medium: pick('medium'),
    utm_campaign: campaign?.name || q?.get('utm_campaign') || null,
    utm_term: pick('term'),
    utm_content: pick('content'),
  };
}
