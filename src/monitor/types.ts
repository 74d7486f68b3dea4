/**
 * The monitor's vocabulary: what a check finds, the health it adds up to, and the alerts it
 * raises. Plain data, so it crosses the worker boundary and goes out as JSON unchanged.
 */

export type Severity = 'warning' | 'critical';
export type CheckStatus = 'ok' | Severity;
export type HealthStatus = 'healthy' | 'degraded' | 'critical';

/** One check's finding. `check` is stable and is also the alert's de-duplication key. */
export interface CheckResult {
  /** e.g. 'freshness.bronze', 'lag', 'volume.events', 'quality.quarantine', 'models.tests' */
  check: string;
  status: CheckStatus;
  /** One line for people: what was measured against what. */
  summary: string;
  /** The measured value in `unit`; null when there is nothing to measure (yet). */
  value: number | null;
  unit: string;
  /** Everything behind the verdict: baselines, thresholds, breakdowns. */
  details: Record<string, unknown>;
}

/** An alert: one incident of one check, from the first bad result until it clears. */
export interface Alert {
  id: string;
  check: string;
  severity: Severity;
  state: 'open' | 'resolved';
  title: string;
  /** The newest summary of the check while it stays bad. */
  detail: string;
  value: number | null;
  unit: string;
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

/** What happened to an alert in one monitor run; each transition is notified once. */
export type AlertTransition = 'opened' | 'escalated' | 'deescalated' | 'resolved';

export interface AlertNotice {
  transition: AlertTransition;
  alert: Alert;
  /** Which storepulse sent it (config `monitor.instanceName`). */
  instance: string;
  /** Where a person looks next; absent when no dashboard address is known. */
  dashboardUrl?: string | undefined;
  at: string;
}

export interface HealthReport {
  at: string;
  status: HealthStatus;
  /** The summaries of the checks that are not ok, critical first. */
  reasons: string[];
  checks: CheckResult[];
  /** Open alerts, critical first. */
  alerts: Alert[];
  /** How long the checks took (ms). */
  durationMs: number;
}
