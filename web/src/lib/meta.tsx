import { createContext, useContext, type ReactNode } from 'react';
import type { MetaResponse } from '@api/types';
import { useApi } from './api';
import { setCurrency } from './format';

const MetaContext = createContext<MetaResponse | null>(null);

/**
 * The reporting time zone, today, the data's days and the monitor's verdict, loaded once and
 * refreshed every 15 s: the monitor's default interval, so the header's health badge keeps up.
 */
export function MetaProvider({ children }: { children: ReactNode }) {
  const { data, error } = useApi<MetaResponse>('/meta', {}, 15_000);
  // Pages render once the currency is known (charts keep the axis format they start with);
  // should /meta fail, they render anyway and show their own errors.
  if (data) setCurrency(data.currency);
  else if (!error) return null;
  return <MetaContext.Provider value={data}>{children}</MetaContext.Provider>;
}

export const useMeta = () => useContext(MetaContext);
