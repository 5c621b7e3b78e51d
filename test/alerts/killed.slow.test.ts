import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAlertQueue } from '../../scripts/alerts/index.ts';
import { startCli } from '../helpers/cli.ts';
import { startSmtpServer } from './smtp-server.ts';
import { AT_SLOT, workspace } from './workspace.ts';

const LATER = '2026-11-28T08:00:00Z';
function cli(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  return startCli(argv, { cwd, env });
}

describe('digest --send in a real process killed between send and record', () => {
  it('loses no alert: the next run resends the same message under the same Message-ID', { timeout: 60_000 }, async () => {
    const cwd = await workspace();
    let kill: (() => void) | undefined;
    // The server has the whole message but has not answered yet when the process dies.
    const smtp = await startSmtpServer({ onMessage: () => kill?.() });
    const env = { ...process.env, ...smtp.env, GITHUB_ACTIONS: '', CI: '' };

    const killed = cli(['digest', '--send', '--now', AT_SLOT], cwd, env);
    kill = () => killed.child.kill('SIGKILL');
    const first = await killed.done;
    expect(first.stderr).toBe('');
    expect(first.signal).toBe('SIGKILL');
    expect(smtp.received).toHaveLength(1);

    // The attempt was recorded before sending; the send was not.
    const queue = openAlertQueue(join(cwd, 'data'));
    const [attempted] = (await queue.pending()).filter((alert) => alert.frequency === 'daily');
    expect(attempted).toMatchObject({ status: 'pending', attempts: 1, messageId: smtp.received[0]?.mail.messageId });
    expect(await queue.digests()).toEqual([]);

    kill = undefined;
    const rerun = await cli(['digest', '--send', '--now', LATER], cwd, env).done;
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('Sent 1 digest (1 alert)');
    const [original, resent] = smtp.received.map((item) => item.mail);
    expect(smtp.received).toHaveLength(2);
    expect(resent?.messageId).toBe(original?.messageId);
    expect(resent?.subject).toBe(original?.subject);
    expect(resent?.text).toBe(original?.text);

    expect((await queue.pending()).filter((alert) => alert.frequency === 'daily')).toEqual([]);
    expect((await queue.digests()).map((digest) => digest.messageId)).toEqual([original?.messageId]);
    const history = await readFile(join(cwd, 'data/alerts/history/2026-11.jsonl'), 'utf8');
    expect(history.trim().split('\n')).toHaveLength(1);
  });
});
