import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
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

/** Deeper than any monitor needs (the schema goes five levels down); deeper data is refused, not walked. */
export const MAX_NESTING = 16;
/** Aliases that expand to more than this many nodes are a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 50;

/** `unreadable`: the file's bytes were refused before parsing; the source then has no data. */
export function parseYamlSource(file: string, text: string, unreadable = false): YamlSource {
  const lineCounter = new LineCounter();
  // Brackets nested thousands deep overflow the parser's stack: refused before parsing.
  const tooDeep = unreadable ? null : flowNestingBeyondLimit(text);
  // logLevel 'error': the library's warnings are reported as problems, not printed on stderr.
  const doc = parseDocument(tooDeep === null ? text : '', { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const syntaxProblems = onceForStackOverflow([...doc.errors, ...doc.warnings]).map(
    (error): Problem => ({
      file,
      ...position(error.pos[0]),
      path: '',
      message: `YAML: ${yamlMessage(error.message)}`,
      rule: 'yaml',
    }),
  );
  if (tooDeep !== null)
    syntaxProblems.push({ file, ...positionIn(text, tooDeep), path: '', message: `YAML: nested deeper than ${MAX_NESTING} levels`, rule: 'yaml' });
  // A document with syntax errors has no trustworthy data; only its syntax problems are reported.
  const data = unreadable || tooDeep !== null || doc.errors.length > 0 ? undefined : contentOf(doc, position, file, syntaxProblems);

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
    data,
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

/** The document as plain data, or undefined (with a located problem) when it is a bomb, self-referencing or too deep. */
function contentOf(doc: Document, position: (offset: number) => Position, file: string, problems: Problem[]): unknown {
  const at = (node: Node | null | undefined) => (node?.range ? position(node.range[0]) : START);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const firstAlias = findNode(doc.contents, isAlias);
    problems.push({
      file,
      ...at(firstAlias),
      path: '',
      message: `YAML: ${error instanceof ReferenceError ? `aliases expand to too much data (at most ${MAX_ALIAS_COUNT} alias uses): a YAML bomb?` : yamlMessage(String(error))}`,
      rule: 'yaml',
    });
    return undefined;
  }
  const shape = shapeProblem(data);
  if (shape) {
    problems.push({
      file,
      ...at(shape === 'cycle' ? findNode(doc.contents, isAlias) : doc.contents),
      path: '',
      message: shape === 'cycle' ? 'YAML: an alias refers to a value that contains it' : `YAML: nested deeper than ${MAX_NESTING} levels`,
      rule: 'yaml',
    });
    return undefined;
  }
  return data;
}

/** 'cycle' when the data contains itself, 'deep' when nested beyond MAX_NESTING; walked without recursion. */
function shapeProblem(data: unknown): 'cycle' | 'deep' | null {
  const stack: { value: unknown; depth: number; ancestors: readonly object[] }[] = [{ value: data, depth: 0, ancestors: [] }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { value, depth, ancestors } = entry;
    if (value === null || typeof value !== 'object') continue;
    if (ancestors.includes(value)) return 'cycle';
    if (depth >= MAX_NESTING) return 'deep';
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1, ancestors: [...ancestors, value] });
  }
  return null;
}

function findNode(root: Node | null, test: (node: unknown) => node is Node): Node | undefined {
  let found: Node | undefined;
  visit(root, (_key, node) => {
    if (test(node)) {
      found = node;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** The lexer's markers for document start, flow end and scalar: not characters of the source. */
const LEXER_CONTROL_TOKENS = new Set(['\u0002', '\u0018', '\u001f']);

/** Offset of the first `[` or `{` nested deeper than MAX_NESTING, from the library's lexer (quotes and comments respected); null when none is. */
function flowNestingBeyondLimit(text: string): number | null {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      depth += 1;
      if (depth > MAX_NESTING) return offset;
    } else if (token === ']' || token === '}') {
      depth = Math.max(0, depth - 1);
    }
    // Control tokens (document and scalar markers) are not part of the source.
    if (!LEXER_CONTROL_TOKENS.has(token)) offset += token.length;
  }
  return null;
}

function positionIn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** Input nested thousands deep overflows the parser at every level: one problem says so. */
function onceForStackOverflow<T extends { message: string }>(errors: readonly T[]): T[] {
  const overflow = errors.find((error) => STACK_OVERFLOW.test(error.message));
  return overflow ? [overflow, ...errors.filter((error) => !STACK_OVERFLOW.test(error.message))] : [...errors];
}

const STACK_OVERFLOW = /Maximum call stack size exceeded/;

/** The first line of the yaml library's message, without its "at line…" suffix (the position is reported separately). */
function yamlMessage(message: string): string {
  if (STACK_OVERFLOW.test(message)) return `nested far deeper than ${MAX_NESTING} levels`;
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
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
