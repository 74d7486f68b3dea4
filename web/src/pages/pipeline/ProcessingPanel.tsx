import type { PipelineResponse } from '@api/types';
import { Panel } from '../../components/Panel';
import { fmtCount } from '../../lib/format';
import { Facts, fmtBytes, fmtDuration, fmtSeconds } from '../ops/common';

type Data = PipelineResponse;

/** The log (bronze) and the processor's counters since it started. */
export function ProcessingPanel({ data }: { data: Data }) {
  const p = data.processor;
  const i = data.ingest;
  return (
    <Panel
      title="Log and processor"
      subtitle="the event log (bronze) and the processor since it started"
    >
      <Facts
        items={[
          {
            label: 'Log sequence',
            value: `${fmtCount(i.logFirstSeq)} → ${fmtCount(i.logLastSeq)}`,
          },
          { label: 'Log size', value: fmtBytes(i.logBytes) },
          { label: 'Checkpoint', value: fmtCount(i.checkpoint), testId: 'checkpoint' },
          {
            label: 'Lag',
            value: `${fmtCount(i.lagEvents)} ${i.lagUnit} · ${fmtSeconds(i.lagSeconds)}`,
          },
          ...(p
            ? [
                { label: 'Processed', value: fmtCount(p.processed) },
                {
                  label: 'Stored / quarantined',
                  value: `${fmtCount(p.stored)} / ${fmtCount(p.quarantined)}`,
                },
                { label: 'Duplicates (warehouse)', value: fmtCount(p.duplicates) },
                { label: 'Batches', value: fmtCount(p.batches) },
                {
                  label: 'Avg batch size',
                  value: p.avgBatchSize === null ? '–' : fmtCount(Math.round(p.avgBatchSize)),
                },
                { label: 'Last batch', value: fmtDuration(p.lastBatchMs) },
                {
                  label: 'Receive → visible',
                  value: `p50 ${fmtDuration(p.visibleP50Ms)} · p99 ${fmtDuration(p.visibleP99Ms)}`,
                },
                {
                  label: 'Last error',
                  value: p.lastError ? (
                    <span style={{ color: 'var(--bad)' }}>{p.lastError}</span>
                  ) : (
                    'none'
                  ),
                },
              ]
            : [{ label: 'Processor', value: 'runs in another process' }]),
          {
            label: 'Orders / refunds',
            value: `${fmtCount(data.warehouse.orders)} / ${fmtCount(data.warehouse.refunds)}`,
          },
          { label: 'Identify traits', value: fmtCount(data.warehouse.traits) },
        ]}
      />
    </Panel>
  );
}
