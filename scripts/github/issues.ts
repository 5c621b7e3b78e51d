import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import type { Settings } from '../schema/monitor.ts';
import { githubRepository } from '../shared/site-links.ts';

/**
 * The GitHub issue edge (@octokit/rest): find, open, update, comment on and close the issues
 * techscan manages. They carry one label, and a hidden marker in the body that identifies what
 * the issue is about, so an issue is found again instead of duplicated.
 */

export const ISSUE_LABEL = 'techscan';
const PAGE_SIZE = 100;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * Octokit with GitHub's own recovery: plugin-retry repeats a request that failed with a 5xx
 * (after 1, 4 and 9 s), plugin-throttling one refused by a rate limit (429 or 403), waiting what
 * `Retry-After` or `x-ratelimit-reset` asks. What still fails reaches the channel as an error: the
 * notification stays queued and the next run tries again.
 */
const RecoveringOctokit = Octokit.plugin(retry, throttling);
const SERVER_ERROR_RETRIES = 3;
/** plugin-retry's own list, and 429: a rate limit is plugin-throttling's to wait out, or not. */
const NOT_RETRIED = [400, 401, 403, 404, 410, 422, 429, 451];
const RATE_LIMIT_RETRIES = 2;
const WRITE_SPACING_SECONDS = 1;
const NOTIFYING_WRITE_SPACING_SECONDS = 3;
/** A rate limit that asks for a longer wait is left to the next run rather than holding this one. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120;
const USER_AGENT = 'techscan-monitor';

type Env = Readonly<Record<string, string | undefined>>;

const ignore = (): void => undefined;

export interface GithubConfig {
  readonly token: string;
  /** `owner/name`. */
  readonly repository: string;
  /** The REST API root; null for api.github.com. Actions sets `GITHUB_API_URL` (GitHub Enterprise too). */
  readonly apiUrl: string | null;
}

export interface GithubIssue {
  readonly number: number;
  readonly url: string;
  readonly title: string;
  readonly body: string;
}

export interface IssueTracker {
  readonly repository: string;
  /** The open issue with techscan's label whose body contains `marker`; null when there is none. */
  findOpen(marker: string): Promise<GithubIssue | null>;
  create(issue: { readonly title: string; readonly body: string }): Promise<GithubIssue>;
  update(number: number, fields: { readonly title: string; readonly body: string }): Promise<void>;
  comment(number: number, body: string): Promise<void>;
  close(number: number): Promise<void>;
}

/** The token and repository from the environment, or why GitHub issues are off. */
export function githubIssuesConfig(env: Env, settings: Settings): GithubConfig | { readonly missing: string } {
  const token = env.GITHUB_TOKEN?.trim();
  const repository = githubRepository(settings, env);
  if (!token) return { missing: 'GITHUB_TOKEN is not set' };
  if (!repository) return { missing: 'no repository: set GITHUB_REPOSITORY or site.repository in monitors/_settings.yaml' };
  return { token, repository, apiUrl: env.GITHUB_API_URL?.trim() || null };
}

export interface RecoveryTiming {
  /** What one second of a wait lasts: 1000 in use, less in tests so that waits stay short. */
  readonly secondMs: number;
}

const GITHUB_TIMING: RecoveryTiming = { secondMs: 1_000 };

export function createIssueTracker(config: GithubConfig, timing: RecoveryTiming = GITHUB_TIMING): IssueTracker {
  const [owner = '', repo = ''] = config.repository.split('/');
  // GitHub asks for a second between writes and three between writes that notify people;
  // plugin-throttling paces them so, here in this tracker's own groups and on its clock.
  const paced = (seconds: number) => new Bottleneck.Group({ maxConcurrent: 1, minTime: seconds * timing.secondMs });
  const rateLimited = (retryAfterSeconds: number, _options: unknown, _octokit: unknown, retryCount: number): boolean =>
    retryCount < RATE_LIMIT_RETRIES && retryAfterSeconds <= MAX_RATE_LIMIT_WAIT_SECONDS;
  const octokit = new RecoveringOctokit({
    auth: config.token,
    userAgent: USER_AGENT,
    ...(config.apiUrl ? { baseUrl: config.apiUrl.replace(/\/+$/, '') } : {}),
    // Failures reach the caller as errors and land in the run report; Octokit's own request log would repeat them.
    log: { debug: ignore, info: ignore, warn: (message: string) => console.warn(message), error: ignore },
    retry: { retries: SERVER_ERROR_RETRIES, retryAfterBaseValue: timing.secondMs, doNotRetry: NOT_RETRIED },
    throttle: {
      onRateLimit: rateLimited,
      onSecondaryRateLimit: rateLimited,
      retryAfterBaseValue: timing.secondMs,
      write: paced(WRITE_SPACING_SECONDS),
      notifications: paced(NOTIFYING_WRITE_SPACING_SECONDS),
    },
    request: { fetch: (url: string | URL, init?: RequestInit) => fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) }) },
  });
  const where = { owner, repo };
  const issue = (data: { number: number; html_url: string; title: string; body?: string | null }): GithubIssue => ({
    number: data.number,
    url: data.html_url,
    title: data.title,
    body: data.body ?? '',
  });

  return {
    repository: config.repository,

    async findOpen(marker) {
      const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...where,
        state: 'open',
        labels: ISSUE_LABEL,
        per_page: PAGE_SIZE,
      });
      const found = open.find((item) => item.pull_request === undefined && (item.body ?? '').includes(marker));
      return found ? issue(found) : null;
    },

    async create({ title, body }) {
      const { data } = await octokit.rest.issues.create({ ...where, title, body, labels: [ISSUE_LABEL] });
      return issue(data);
    },

    async update(number, { title, body }) {
      await octokit.rest.issues.update({ ...where, issue_number: number, title, body });
    },

    async comment(number, body) {
      await octokit.rest.issues.createComment({ ...where, issue_number: number, body });
    },

    async close(number) {
      await octokit.rest.issues.update({ ...where, issue_number: number, state: 'closed', state_reason: 'completed' });
    },
  };
}
