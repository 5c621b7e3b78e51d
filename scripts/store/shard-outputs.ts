import { join } from 'node:path';
import { shardOutputSchema, type ShardOutput } from '../schema/shard.ts';
import { prettyJson } from '../shared/canonical-json.ts';
import { listDir, readTextIfExists, writeFileAtomic } from './files.ts';
import { parseJsonText, parseRecord } from './records.ts';

/**
 * The files a shard of a fanned-out run hands to the merge job, outside data/: one
 * `shard-<i>-of-<n>.json` per shard, written whole (temp file, rename) when the shard ends.
 */

const SHARD_FILE = /^shard-(\d+)-of-(\d+)\.json$/;

export function shardFileName(shard: number, shards: number): string {
  return `shard-${shard}-of-${shards}.json`;
}

export async function writeShardOutput(dir: string, output: ShardOutput): Promise<string> {
  const file = join(dir, shardFileName(output.shard, output.shards));
  await writeFileAtomic(file, prettyJson(shardOutputSchema.parse(output)));
  return file;
}

/**
 * Every shard output in these folders (each folder's own files, sorted by name). A folder
 * that does not exist holds none: an artifact that never arrived is a lost shard, not an error.
 * A file that is there but unreadable is a DataError naming it.
 */
export async function readShardOutputs(dirs: readonly string[]): Promise<ShardOutput[]> {
  const outputs: ShardOutput[] = [];
  for (const dir of dirs) {
    for (const name of (await listDir(dir)).filter((entry) => SHARD_FILE.test(entry)).sort()) {
      const file = join(dir, name);
      const text = await readTextIfExists(file);
      if (text !== null) outputs.push(parseRecord(shardOutputSchema, parseJsonText(text, file), file));
    }
  }
  return outputs;
}
