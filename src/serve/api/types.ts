import type { Static } from '@sinclair/typebox';
import type { customers } from './endpoints/customers.js';
import type { funnel } from './endpoints/funnel.js';
import type { live } from './endpoints/live.js';
import type { meta } from './endpoints/meta.js';
import type { overview } from './endpoints/overview.js';
import type { pipeline } from './endpoints/pipeline.js';
import type { products } from './endpoints/products.js';
import type { quality } from './endpoints/quality.js';

/** The response types of /api/v1, for the dashboard's code (type-only: no server code ships). */
export type MetaResponse = Static<typeof meta.response>;
export type OverviewResponse = Static<typeof overview.response>;
export type LiveResponse = Static<typeof live.response>;
export type FunnelResponse = Static<typeof funnel.response>;
export type ProductsResponse = Static<typeof products.response>;
export type CustomersResponse = Static<typeof customers.response>;
export type QualityResponse = Static<typeof quality.response>;
export type PipelineResponse = Static<typeof pipeline.response>;
export type { LiveEvent, LiveSecond, LiveTick } from './stream.js';
