import { describe, expect, it } from 'vitest';
import { createIssueTracker, githubIssuesConfig, ISSUE_LABEL } from '../../scripts/github/issues.ts';
import { startGithubStub, type GithubStub } from '../alerts/github-stub.ts';
import { settings } from '../alerts/fixtures.ts';

const TOKEN = 'ghs_test-token';
const REPOSITORY = 'acme/intel';

describe('GitHub issue tracker against a local API stub', () => {
  it('creates, finds by marker, updates, comments on and closes issues with the right requests', async () => {
    const stub = await startGithubStub({ token: TOKEN, repository: REPOSITORY });
    const config = githubIssuesConfig({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: `${stub.apiUrl}/` }, settings());
    expect(config).toEqual({ token: TOKEN, repository: REPOSITORY, apiUrl: `${stub.apiUrl}/` });
    if ('missing' in config) throw new Error(config.missing);
    const tracker = createIssueTracker(config, { secondMs: 5 });

    const created = await tracker.create({ title: 'Cartly is down', body: '<!-- techscan-issue: a1 -->\nDown.' });
    expect(created).toEqual({
      number: 1,
      url: `https://github.example/${REPOSITORY}/issues/1`,
      title: 'Cartly is down',
      body: '<!-- techscan-issue: a1 -->\nDown.',
    });
    expect(stub.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/repos/${REPOSITORY}/issues`,
      body: { title: 'Cartly is down', body: '<!-- techscan-issue: a1 -->\nDown.', labels: [ISSUE_LABEL] },
      authorization: `token ${TOKEN}`,
    });
    expect(stub.requests.at(-1)?.userAgent).toMatch(/^techscan-monitor/);

    // A pull request or an issue without the marker is never taken for ours.
    stub.issues.push({
      number: 2,
      title: 'PR',
      body: '<!-- techscan-issue: a1 -->',
      state: 'open',
      state_reason: null,
      labels: [ISSUE_LABEL],
      comments: [],
      pull_request: { url: 'x' },
    });
    stub.issues.push({ number: 3, title: 'Other', body: 'no marker', state: 'open', state_reason: null, labels: [ISSUE_LABEL], comments: [] });
    expect((await tracker.findOpen('<!-- techscan-issue: a1 -->'))?.number).toBe(1);
    expect(await tracker.findOpen('<!-- techscan-issue: b2 -->')).toBeNull();
    expect(stub.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/repos/${REPOSITORY}/issues`,
      query: { state: 'open', labels: ISSUE_LABEL, per_page: '100' },
    });

    await tracker.update(1, { title: 'Cartly is still down', body: 'Down.\n- again' });
    await tracker.comment(1, 'Another one');
    await tracker.close(1);
    expect(stub.requests.slice(-3).map((request) => [request.method, request.path, request.body])).toEqual([
      ['PATCH', `/repos/${REPOSITORY}/issues/1`, { title: 'Cartly is still down', body: 'Down.\n- again' }],
      ['POST', `/repos/${REPOSITORY}/issues/1/comments`, { body: 'Another one' }],
      ['PATCH', `/repos/${REPOSITORY}/issues/1`, { state: 'closed', state_reason: 'completed' }],
    ]);
    expect(stub.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed', comments: ['Another one'] });
    expect(await tracker.findOpen('<!-- techscan-issue: a1 -->')).toBeNull();
  });

  describe('recovery', () => {
    // One second of a wait lasts 20 ms here, so Retry-After: 3 is a 60 ms wait.
    const TIMING = { secondMs: 20 };
    const trackerFor = (stub: GithubStub) => createIssueTracker({ token: TOKEN, repository: REPOSITORY, apiUrl: stub.apiUrl }, TIMING);
    const gaps = (stub: GithubStub) => stub.requests.slice(1).map((request, index) => request.at - (stub.requests[index]?.at ?? request.at));

    it.each([502, 503])('retries a %i with backoff and succeeds', async (status) => {
      const stub = await startGithubStub({ token: TOKEN, repository: REPOSITORY });
      stub.failNext(2, status);
      expect((await trackerFor(stub).create({ title: 't', body: 'b' })).number).toBe(1);
      expect(stub.requests).toHaveLength(3);
      // plugin-retry waits 1 and then 4 "seconds".
      const [first, second] = gaps(stub);
      expect(first).toBeGreaterThanOrEqual(TIMING.secondMs);
      expect(second).toBeGreaterThanOrEqual(4 * TIMING.secondMs);
    });

    it('honours Retry-After on a secondary rate limit (429)', async () => {
      const stub = await startGithubStub({ token: TOKEN, repository: REPOSITORY });
      stub.failNext(1, { status: 429, headers: { 'retry-after': '3' }, message: 'You have exceeded a secondary rate limit' });
      expect((await trackerFor(stub).create({ title: 't', body: 'b' })).number).toBe(1);
      expect(stub.requests).toHaveLength(2);
      expect(gaps(stub)[0]).toBeGreaterThanOrEqual(3 * TIMING.secondMs);
    });

    it.each([
      ['a server that stays down', { status: 500 }, 4, 500],
      ['a rate limit that persists', { status: 429, headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit' }, 3, 429],
      [
        'a rate limit asking for a wait longer than a run should hold',
        { status: 429, headers: { 'retry-after': '3600' }, message: 'You have exceeded a secondary rate limit' },
        1,
        429,
      ],
    ])('reports %s after its retries', async (_case, refusal, requests, status) => {
      const stub = await startGithubStub({ token: TOKEN, repository: REPOSITORY });
      stub.failNext(10, refusal);
      await expect(trackerFor(stub).create({ title: 't', body: 'b' })).rejects.toMatchObject({ status });
      expect(stub.requests).toHaveLength(requests);
    });
  });

  it('surfaces API errors with their status', async () => {
    const stub = await startGithubStub({ token: TOKEN, repository: REPOSITORY });
    const tracker = createIssueTracker({ token: 'wrong', repository: REPOSITORY, apiUrl: stub.apiUrl });
    await expect(tracker.create({ title: 't', body: 'b' })).rejects.toMatchObject({ status: 401 });
  });

  it.each([
    ['no token', { GITHUB_REPOSITORY: REPOSITORY }, {}, 'GITHUB_TOKEN is not set'],
    ['an empty token (a missing Actions secret)', { GITHUB_TOKEN: ' ', GITHUB_REPOSITORY: REPOSITORY }, {}, 'GITHUB_TOKEN is not set'],
    ['no repository', { GITHUB_TOKEN: TOKEN }, {}, /no repository/],
  ])('is off with %s', (_label, env, file, reason) => {
    const config = githubIssuesConfig(env, settings(file));
    expect('missing' in config ? config.missing : '').toMatch(reason);
  });

  it('takes the repository from the settings when the environment has none', () => {
    expect(githubIssuesConfig({ GITHUB_TOKEN: TOKEN }, settings({ site: { repository: 'globex/watch' } }))).toEqual({
      token: TOKEN,
      repository: 'globex/watch',
      apiUrl: null,
    });
  });
});
