import { ENV, type Config } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';

/** Where alerts go: `json` gets the generic payload, `slack` an incoming-webhook message. */
export interface Target {
  kind: 'json' | 'slack';
  url: string;
}

const SOURCES = [
  { kind: 'json', key: 'webhooks' },
  { kind: 'slack', key: 'slackWebhooks' },
] as const;

/**
 * The notification targets named in the config, checked once at start so a typo fails the
 * start instead of every alert. Problems name the entry by position, never by its text:
 * a Slack webhook URL is a secret and a ConfigError is printed.
 */
export function targetsFrom(
  monitor: Pick<Config['monitor'], 'webhooks' | 'slackWebhooks'>,
): Target[] {
  const targets: Target[] = [];
  const problems: string[] = [];
  for (const { kind, key } of SOURCES) {
    const path = `monitor.${key}`;
    const env = Object.keys(ENV).find((name) => ENV[name] === path);
    const entries = monitor[key].split(',').map((entry) => entry.trim());
    entries.forEach((url, i) => {
      if (url === '') return;
      const problem = urlProblem(url);
      if (problem) problems.push(`${path}${env ? ` (${env})` : ''} entry ${i + 1} ${problem}`);
      else targets.push({ kind, url });
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return targets;
}

function urlProblem(text: string): string | undefined {
  if (!URL.canParse(text)) return 'is not an absolute URL';
  const { protocol } = new URL(text);
  if (protocol !== 'http:' && protocol !== 'https:') return `uses ${protocol}, not http: or https:`;
  return undefined;
}

/** How a target appears in logs and metrics: its host only, as its path may hold a secret. */
export function hostOf(target: Target): string {
  return new URL(target.url).host;
}
