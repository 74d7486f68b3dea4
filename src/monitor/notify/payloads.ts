import type { AlertNotice, AlertTransition, Severity } from '../types.js';

/**
 * The same for every attempt of one delivery, so a receiver that got a delivery whose answer
 * was lost can recognise the retry and drop it.
 */
export function deliveryKey({ alert, transition }: AlertNotice): string {
  return `${alert.id}:${transition}:${alert.updatedAt}`;
}

/** The generic webhook's body: the notice as it is, with a version for receivers to check. */
export function jsonPayload(notice: AlertNotice) {
  const { transition, instance, at, dashboardUrl, alert } = notice;
  return { version: 1, transition, instance, at, dashboardUrl, alert: { ...alert } };
}

const WORDS: Record<AlertTransition, (severity: Severity) => string> = {
  opened: (s) => s.toUpperCase(),
  escalated: (s) => `ESCALATED TO ${s.toUpperCase()}`,
  deescalated: (s) => `EASED TO ${s.toUpperCase()}`,
  resolved: () => 'RESOLVED',
};

const EMOJI: Record<AlertTransition, (severity: Severity) => string> = {
  opened: (s) => (s === 'critical' ? ':red_circle:' : ':warning:'),
  escalated: () => ':rotating_light:',
  deescalated: () => ':small_orange_diamond:',
  resolved: () => ':white_check_mark:',
};

/**
 * A Slack incoming-webhook message: `text` is what notifications and clients without blocks
 * show; the blocks are the message itself. A resolved alert says how long it lasted and what
 * its last bad reading was, instead of reading like a new problem.
 */
export function slackPayload(notice: AlertNotice) {
  const { alert, transition, instance } = notice;
  const word = WORDS[transition](alert.severity);
  const header = `${EMOJI[transition](alert.severity)} ${word}: ${alert.title}`;
  return {
    text: mrkdwn(clip(`${word} [${instance}] ${alert.title}: ${alert.detail}`, 500)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(header, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: sectionText(notice) } },
      { type: 'context', elements: contextLines(notice).map((text) => ({ type: 'mrkdwn', text })) },
    ],
  };
}

function sectionText({ alert, transition }: AlertNotice): string {
  const detail = clip(mrkdwn(alert.detail), 2500);
  const value = alert.value === null ? '' : `${NUMBER.format(alert.value)} ${mrkdwn(alert.unit)}`;
  if (transition !== 'resolved') return value ? `${detail}\n*Value:* ${value}` : detail;
  const lasted = alert.resolvedAt ? ` after ${duration(alert.openedAt, alert.resolvedAt)}` : '';
  const last = value ? ` (${value})` : '';
  return `*Cleared*${lasted}. Last ${alert.severity} reading: ${detail}${last}`;
}

function contextLines({ alert, instance, dashboardUrl }: AlertNotice): string[] {
  return [
    `*Check:* \`${mrkdwn(alert.check)}\``,
    `*Instance:* ${mrkdwn(instance)}`,
    `*Opened:* ${utc(alert.openedAt)}`,
    ...(alert.resolvedAt ? [`*Resolved:* ${utc(alert.resolvedAt)}`] : []),
    ...(dashboardUrl ? [`<${dashboardUrl}|Open the dashboard>`] : []),
  ];
}

const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** Slack's mrkdwn treats these three as control characters. */
function mrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Slack refuses a block whose text is over its limit, which would lose the whole message. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function utc(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

function duration(fromIso: string, toIso: string): string {
  const minutes = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
