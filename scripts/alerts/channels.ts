import type { Monitor, Settings } from '../schema/monitor.ts';
import { createIssueTracker, githubIssuesConfig, type GithubConfig, type IssueTracker } from '../github/issues.ts';

/**
 * Which notification channels are on, from the environment. A channel that monitors ask for but
 * that lacks its secret is off, with one notice line saying why; it is never a failure.
 */

type Env = Readonly<Record<string, string | undefined>>;

export interface NotificationChannels {
  /** GitHub issues; null when off. */
  readonly issues: IssueTracker | null;
  /** `$TECHSCAN_WEBHOOK_URL`: the webhook of every monitor without its own `alerts.webhook`. */
  readonly defaultWebhook: string | null;
  readonly notices: readonly string[];
}

export function notificationChannels(
  env: Env,
  settings: Settings,
  monitors: readonly Monitor[],
  openTracker: (config: GithubConfig) => IssueTracker = createIssueTracker,
): NotificationChannels {
  const notices: string[] = [];
  const wanting = monitors.filter((monitor) => monitor.enabled && monitor.alerts.enabled && monitor.alerts.githubIssue);
  let issues: IssueTracker | null = null;
  if (wanting.length > 0) {
    const config = githubIssuesConfig(env, settings);
    if ('missing' in config) {
      notices.push(`GitHub issues are off: ${config.missing} (alerts.githubIssue is on for ${wanting.map((monitor) => monitor.id).join(', ')})`);
    } else {
      issues = openTracker(config);
    }
  }
  return { issues, defaultWebhook: defaultWebhook(env.TECHSCAN_WEBHOOK_URL, notices), notices };
}

function defaultWebhook(raw: string | undefined, notices: string[]): string | null {
  const value = raw?.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // reported below
  }
  notices.push('TECHSCAN_WEBHOOK_URL is not an http(s) URL: the repository-wide webhook is off');
  return null;
}

/** The webhook a monitor's alerts go to: its own, else the repository-wide one. */
export function webhookFor(monitor: Monitor, channels: Pick<NotificationChannels, 'defaultWebhook'>): string | null {
  return monitor.alerts.webhook ?? channels.defaultWebhook;
}
