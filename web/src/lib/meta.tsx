import { createContext, useContext, type ReactNode } from 'react';
import type { MetaResponse } from '@api/types';
import { useApi } from './api';

const MetaContext = createContext<MetaResponse | null>(null);

/** The reporting time zone, today and the data's days, loaded once and refreshed each minute. */
export function MetaProvider({ children }: { children: ReactNode }) {
  const { data } = useApi<MetaResponse>('/meta', {}, 60_000);
  return <MetaContext.Provider value={data}>{children}</MetaContext.Provider>;
}

export const useMeta = () => useContext(MetaContext);
