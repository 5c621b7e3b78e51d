import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A local stand-in for the part of the GitHub REST API techscan uses (list, create, update and
 * comment on issues), on 127.0.0.1. It keeps issues in memory, records every request, and answers
 * 401 to a request without the expected token and 404 to any route it does not know.
 */

export interface StubIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  comments: string[];
  pull_request?: { url: string };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly authorization: string | undefined;
  readonly userAgent: string | undefined;
  /** When the stub received it (ms since the epoch). */
  readonly at: number;
}

/** How the stub refuses requests: a status, optionally with headers (Retry-After) and GitHub's message. */
export interface Refusal {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly message?: string;
}

export interface GithubStub {
  readonly apiUrl: string;
  readonly issues: StubIssue[];
  readonly requests: RecordedRequest[];
  /** Answer the next `count` requests with this HTTP status (and headers and message). */
  failNext(count: number, refusal: number | Refusal): void;
}

const REPO_PATH = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+)(\/comments)?)?$/;

export async function startGithubStub({ token, repository }: { token: string; repository: string }): Promise<GithubStub> {
  const issues: StubIssue[] = [];
  const requests: RecordedRequest[] = [];
  let failures: { count: number; refusal: Refusal } = { count: 0, refusal: { status: 500 } };
  const view = (issue: StubIssue) => ({
    ...issue,
    id: issue.number * 1000,
    html_url: `https://github.example/${repository}/issues/${issue.number}`,
    labels: issue.labels.map((name) => ({ name })),
    comments: issue.comments.length,
  });

  const server = createServer((request, response) => {
    void readJson(request).then((body) => {
      const url = new URL(request.url ?? '/', 'http://stub');
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        authorization: request.headers.authorization,
        userAgent: request.headers['user-agent'],
        at: Date.now(),
      };
      requests.push(recorded);
      const send = (status: number, payload: unknown, headers: Readonly<Record<string, string>> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(payload));
      };
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        const { status, headers, message = 'Server Error' } = failures.refusal;
        return send(status, { message }, headers);
      }
      if (recorded.authorization !== `token ${token}` && recorded.authorization !== `bearer ${token}`) {
        return send(401, { message: 'Bad credentials' });
      }
      const match = REPO_PATH.exec(url.pathname);
      if (!match || `${match[1]}/${match[2]}` !== repository) return send(404, { message: 'Not Found' });
      const number = match[3] === undefined ? null : Number(match[3]);
      const fields = isRecord(body) ? body : {};

      if (number === null && recorded.method === 'GET') {
        const state = recorded.query.state ?? 'open';
        const label = recorded.query.labels;
        return send(200, issues.filter((issue) => (state === 'all' || issue.state === state) && (!label || issue.labels.includes(label))).map(view));
      }
      if (number === null && recorded.method === 'POST') {
        const issue: StubIssue = {
          number: issues.length + 1,
          title: String(fields.title),
          body: String(fields.body ?? ''),
          state: 'open',
          state_reason: null,
          labels: Array.isArray(fields.labels) ? fields.labels.map(String) : [],
          comments: [],
        };
        issues.push(issue);
        return send(201, view(issue));
      }
      const issue = issues.find((item) => item.number === number);
      if (!issue) return send(404, { message: 'Not Found' });
      if (match[4] && recorded.method === 'POST') {
        issue.comments.push(String(fields.body));
        return send(201, { id: issue.comments.length, body: fields.body });
      }
      if (!match[4] && recorded.method === 'PATCH') {
        if (typeof fields.title === 'string') issue.title = fields.title;
        if (typeof fields.body === 'string') issue.body = fields.body;
        if (fields.state === 'open' || fields.state === 'closed') issue.state = fields.state;
        if (typeof fields.state_reason === 'string') issue.state_reason = fields.state_reason;
        return send(200, view(issue));
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    apiUrl: `http://127.0.0.1:${portOf(server.address())}`,
    issues,
    requests,
    failNext(count, refusal) {
      failures = { count, refusal: typeof refusal === 'number' ? { status: refusal } : refusal };
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function portOf(address: AddressInfo | string | null): number {
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  return address.port;
}
