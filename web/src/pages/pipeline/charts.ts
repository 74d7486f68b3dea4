import type { PipelineResponse } from '@api/types';
import { COLORS } from '../../components/Chart';
import { fmtTime } from '../../lib/format';
import { fmtDuration, fmtInstant } from '../ops/common';

type Data = PipelineResponse;
type Run = Data['runs'][number];
type ModelRow = NonNullable<Data['lastModelRun']>['models'][number];

const STATUS_COLOR: Record<string, string> = {
  success: COLORS[2]!,
  pass: COLORS[2]!,
  warn: COLORS[3]!,
  running: COLORS[1]!,
  error: COLORS[4]!,
  fail: COLORS[4]!,
};

export function ingestOption(data: Data, tz: string) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['Events', 'Orders'] },
    grid: { left: 44, right: 40, top: 32, bottom: 28 },
    xAxis: {
      type: 'time',
      axisLabel: { formatter: (v: number) => fmtTime(new Date(v).toISOString(), tz) },
    },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f4' } } },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Events',
        type: 'bar',
        barWidth: '60%',
        itemStyle: { color: COLORS[0], borderRadius: [2, 2, 0, 0] },
        data: data.ingest.perMinute.map((m) => [m.minute, m.events]),
      },
      {
        name: 'Orders',
        type: 'scatter',
        yAxisIndex: 1,
        symbolSize: 8,
        itemStyle: { color: COLORS[2] },
        data: data.ingest.perMinute.filter((m) => m.orders > 0).map((m) => [m.minute, m.orders]),
      },
    ],
  };
}

export function durationsOption(runs: Run[], tz: string) {
  const ordered = [...runs].reverse();
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const r = ordered[ps[0]?.dataIndex ?? 0];
        return r
          ? `${r.kind} · ${r.status}<br/>${fmtInstant(r.startedAt, tz)}<br/>${fmtDuration(r.durationMs)}`
          : '';
      },
    },
    grid: { left: 56, right: 12, top: 16, bottom: 28 },
    xAxis: {
      type: 'category',
      data: ordered.map((r) => fmtTime(r.startedAt, tz, true)),
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => fmtDuration(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    series: [
      {
        name: 'Duration',
        type: 'bar',
        barMaxWidth: 28,
        data: ordered.map((r) => ({
          value: r.durationMs ?? 0,
          itemStyle: {
            color: STATUS_COLOR[r.status] ?? COLORS[7],
            opacity: r.kind === 'tests' ? 0.55 : 1,
            borderRadius: [3, 3, 0, 0],
          },
        })),
      },
    ],
  };
}

export function slowestOption(models: ModelRow[]) {
  const top = models.slice(0, 10).reverse();
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => fmtDuration(v),
    },
    grid: { left: 170, right: 24, top: 8, bottom: 24 },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => fmtDuration(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    yAxis: { type: 'category', data: top.map((m) => m.model), axisLabel: { fontSize: 11 } },
    series: [
      {
        name: 'Duration',
        type: 'bar',
        barMaxWidth: 16,
        data: top.map((m) => ({
          value: m.durationMs,
          itemStyle: {
            color: m.status === 'error' ? COLORS[4] : COLORS[0],
            borderRadius: [0, 3, 3, 0],
          },
        })),
      },
    ],
  };
}
