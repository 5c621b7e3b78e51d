import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { ShardSpec } from '../run/shard.ts';
import type { OptionSpec, ParsedInput } from './command.ts';

/**
 * How `run` takes part in a fan-out: the whole cycle (the default), one shard's scans, or the
 * merge of the shards' outputs. Shards and merge must share `--now`: it fixes the plan and the
 * run id they all use.
 */
export type RunMode =
  | { readonly kind: 'cycle' }
  | { readonly kind: 'shard'; readonly shard: ShardSpec; readonly outDir: string }
  | { readonly kind: 'merge'; readonly dirs: readonly string[] };

/** Matches the `fanOut.maxShards` limit of monitors/_settings.yaml. */
const MAX_SHARDS = 256;
const SHARD_PATTERN = /^(\d+)\/(\d+)$/;

export const FAN_OUT_OPTIONS = {
  shard: {
    type: 'string',
    placeholder: '<i/n>',
    description: 'Scan only shard i of n (same --now in every shard) and write it to --out; records, sends and publishes nothing',
  },
  out: { type: 'string', placeholder: '<dir>', description: 'Where --shard writes its output (shard-<i>-of-<n>.json)' },
  merge: {
    type: 'string',
    multiple: true,
    placeholder: '<dir>',
    description: "Record the shards' outputs found in these folders as one run (same --now as the shards): detect, alert, deliver; with --publish, one commit",
  },
} as const satisfies Record<string, OptionSpec>;

export function runMode(input: ParsedInput, cwd: string): RunMode {
  const shard = input.string('shard');
  const out = input.string('out');
  const merge = input.list('merge');
  const needsNow = (what: string) => {
    if (input.string('now') === undefined) throw new UsageError(`${what} needs --now: every shard and the merge decide with the same time`);
  };
  if (shard !== undefined) {
    if (merge.length > 0) throw new UsageError('--shard and --merge are separate jobs: give one of them');
    if (input.flag('publish')) throw new UsageError('--shard publishes nothing: publish with the --merge job');
    if (input.flag('dry-run')) throw new UsageError('--shard and --dry-run do not go together: plan with `run --dry-run` alone');
    if (out === undefined) throw new UsageError('--shard needs --out <dir> for its output');
    needsNow('--shard');
    return { kind: 'shard', shard: parseShard(shard), outDir: resolve(cwd, out) };
  }
  if (out !== undefined) throw new UsageError('--out is where --shard writes; give --shard i/n');
  if (merge.length > 0) {
    if (input.flag('dry-run')) throw new UsageError('--merge and --dry-run do not go together');
    needsNow('--merge');
    return { kind: 'merge', dirs: merge.map((dir) => resolve(cwd, dir)) };
  }
  return { kind: 'cycle' };
}

function parseShard(text: string): ShardSpec {
  const match = SHARD_PATTERN.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < index || count > MAX_SHARDS) {
    throw new UsageError(`--shard: "${text}" is not i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS} (e.g. 2/3)`);
  }
  return { index, count };
}
