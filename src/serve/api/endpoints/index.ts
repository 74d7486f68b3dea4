import type { Endpoint } from '../endpoint.js';
import { customers } from './customers.js';
import { funnel } from './funnel.js';
import { live } from './live.js';
import { meta } from './meta.js';
import { overview } from './overview.js';
import { pipeline } from './pipeline.js';
import { products } from './products.js';
import { quality } from './quality.js';

/** Every JSON endpoint of /api/v1, in the order the OpenAPI file lists them. */
export const ENDPOINTS = [
  meta,
  overview,
  live,
  funnel,
  products,
  customers,
  quality,
  pipeline,
] as unknown as readonly Endpoint[];
