import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ConfigPath, Problem } from './problem.ts';

export interface Position {
  readonly line: number;
  readonly col: number;
}

const START: Position = { line: 1, col: 1 };

/**
 * A parsed YAML file that remembers where every value and key stands, so a problem found in
 * the data can be reported at its line and column.
 */
export interface YamlSource {
  /** Path shown in messages, relative to the working directory. */
  readonly file: string;
  readonly data: unknown;
  readonly syntaxProblems: readonly Problem[];
  /** Position of the value at `path`, or undefined when the document has no such value. */
  valueAt(path: ConfigPath): Position | undefined;
  /** Position of the key naming the value at `path` (for unknown keys). */
  keyAt(path: ConfigPath): Position | undefined;
  /** Position of the deepest value along `path` that exists (the file start at worst). */
  nearest(path: ConfigPath): Position;
}

interface Located {
  readonly node: Node | null;
  readonly key: Node | null;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const syntaxProblems = [...doc.errors, ...doc.warnings].map(
    (error): Problem => ({
      file,
      ...position(error.pos[0]),
      path: '',
      message: `YAML: ${error.message.split('\n')[0] ?? error.message}`,
      rule: 'yaml',
    }),
  );

  /** Walks the node tree along `path`; stops at the first segment that does not exist. */
  const walk = (path: ConfigPath): { found: Located; depth: number } => {
    let current: Located = { node: doc.contents, key: null };
    let depth = 0;
    for (const segment of path) {
      const next = step(current.node, segment);
      if (!next) break;
      current = next;
      depth += 1;
    }
    return { found: current, depth };
  };

  const startOf = (node: Node | null): Position | undefined => (node?.range ? position(node.range[0]) : undefined);

  return {
    file,
    // A document with syntax errors has no trustworthy data; only its syntax problems are reported.
    data: doc.errors.length > 0 ? undefined : doc.toJS(),
    syntaxProblems,
    valueAt(path) {
      const { found, depth } = walk(path);
      if (depth < path.length) return undefined;
      return startOf(found.node) ?? startOf(found.key) ?? START;
    },
    keyAt(path) {
      const { found, depth } = walk(path);
      return depth < path.length ? undefined : (startOf(found.key) ?? startOf(found.node));
    },
    nearest(path) {
      const { found } = walk(path);
      return startOf(found.key) ?? startOf(found.node) ?? START;
    },
  };
}

function step(node: Node | null, segment: string | number): Located | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const keyValue = isScalar(pair.key) ? pair.key.value : pair.key;
      if (keyValue === segment || String(keyValue) === String(segment)) {
        const key = isScalar(pair.key) ? pair.key : null;
        const value = pair.value === null || isScalar(pair.value) || isMap(pair.value) || isSeq(pair.value) ? pair.value : null;
        return { node: value, key };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    if (item === undefined) return undefined;
    return { node: isScalar(item) || isMap(item) || isSeq(item) ? item : null, key: null };
  }
  return undefined;
}
