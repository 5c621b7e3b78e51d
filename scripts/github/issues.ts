import { Octokit } from '@octokit/rest';
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

export function createIssueTracker(config: GithubConfig): IssueTracker {
  const [owner = '', repo = ''] = config.repository.split('/');
  const octokit = new Octokit({
    auth: config.token,
    userAgent: USER_AGENT,
    ...(config.apiUrl ? { baseUrl: config.apiUrl.replace(/\/+$/, '') } : {}),
    // Failures reach the caller as errors and land in the run report; Octokit's own request log would repeat them.
    log: { debug: ignore, info: ignore, warn: (message: string) => console.warn(message), error: ignore },
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
