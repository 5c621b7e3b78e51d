/**
 * Reading fingerprint regex sources without running them: bounding their quantifiers and
 * finding literal text every match must contain (used to skip patterns cheaply).
 *
 * Sources are JavaScript regexes without the `u` flag, compiled case-insensitively.
 */

/** The upper bound that replaces `*`, `+` and `{n,}`, as the reference engine chose. */
export const QUANTIFIER_BOUND = 250;
/** Shorter literals are found on almost every page; they would only cost time. */
export const MIN_LITERAL_LENGTH = 3;
/** A literal's tail is its most distinctive part (paths end in the product name). */
export const MAX_LITERAL_LENGTH = 24;
/** How deep into nested groups literals are looked for. */
const MAX_GROUP_DEPTH = 4;

/** The tail of a long escape after its backslash: `\xHH`, `\uHHHH`, `\cX`, `\k<name>`, `\12`. */
const LONG_ESCAPE = /x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|c[a-zA-Z]|k<[^>]*>|\d+/y;
const BRACE_QUANTIFIER = /\{(\d+)(,(\d*))?\}/y;
/** Escaped characters that stand for themselves. */
const IDENTITY_ESCAPES = new Set('\\^$.|?*+()[]{}/-=!:,#&~\'"<>@%`;_ ');
const LOOKAROUND = /^\(\?(?:=|!|<=|<!)/;
const GROUP_OPENING = /^\((?:\?:|\?<[^>=!]*>)?/;

/** How many characters the escape starting at `index` (a backslash) spans. */
function escapeLength(source: string, index: number): number {
  LONG_ESCAPE.lastIndex = index + 1;
  const long = LONG_ESCAPE.exec(source);
  return 1 + (long ? long[0].length : Math.min(1, source.length - index - 1));
}

/** Where the character class starting at `start` (a `[`) ends: the index after its `]`. */
function classEnd(source: string, start: number): number {
  let index = start + 1;
  if (source[index] === '^') index += 1;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += escapeLength(source, index);
    else if (char === ']') return index + 1;
    else index += 1;
  }
  return source.length;
}

/** Where the group starting at `start` (a `(`) ends: the index after its `)`. */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += escapeLength(source, index);
    else if (char === '[') index = classEnd(source, index);
    else {
      if (char === '(') depth += 1;
      else if (char === ')') {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
      index += 1;
    }
  }
  return source.length;
}

interface Quantifier {
  /** Its length in the source, including a lazy `?`. */
  readonly length: number;
  readonly min: number;
  /** null when unbounded */
  readonly max: number | null;
}

function quantifierAt(source: string, index: number): Quantifier | null {
  const char = source[index];
  let quantifier: Quantifier | null = null;
  if (char === '*') quantifier = { length: 1, min: 0, max: null };
  else if (char === '+') quantifier = { length: 1, min: 1, max: null };
  else if (char === '?') quantifier = { length: 1, min: 0, max: 1 };
  else if (char === '{') {
    BRACE_QUANTIFIER.lastIndex = index;
    const brace = BRACE_QUANTIFIER.exec(source);
    if (brace) {
      const min = Number(brace[1]);
      const max = brace[2] === undefined ? min : brace[3] === '' ? null : Number(brace[3]);
      quantifier = { length: brace[0].length, min, max };
    }
  }
  if (quantifier && source[index + quantifier.length] === '?') return { ...quantifier, length: quantifier.length + 1 };
  return quantifier;
}

/**
 * The source with every unbounded quantifier bounded: `*` → `{0,250}`, `+` → `{1,250}`,
 * `{n,}` → `{n,max(n,250)}`. Escapes and character classes are left alone (the reference
 * engine's plain text replacement also rewrote `[+*]` and `\*`).
 */
export function boundQuantifiers(source: string): string {
  let out = '';
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? '';
    let end = index + 1;
    let replacement = char;
    if (char === '\\') {
      end = index + escapeLength(source, index);
      replacement = source.slice(index, end);
    } else if (char === '[') {
      end = classEnd(source, index);
      replacement = source.slice(index, end);
    } else if (char === '*' || char === '+') {
      replacement = `{${char === '*' ? 0 : 1},${QUANTIFIER_BOUND}}`;
    } else if (char === '{') {
      BRACE_QUANTIFIER.lastIndex = index;
      const brace = BRACE_QUANTIFIER.exec(source);
      if (brace && brace[3] === '') {
        const min = Number(brace[1]);
        replacement = `{${min},${Math.max(min, QUANTIFIER_BOUND)}}`;
        end = index + brace[0].length;
      }
    }
    out += replacement;
    index = end;
  }
  return out;
}

/** The top-level alternatives of a source (split at `|` outside groups and classes). */
function topLevelBranches(source: string): string[] {
  const branches: string[] = [];
  let start = 0;
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += escapeLength(source, index);
    else if (char === '[') index = classEnd(source, index);
    else if (char === '(') index = groupEnd(source, index);
    else {
      if (char === '|') {
        branches.push(source.slice(start, index));
        start = index + 1;
      }
      index += 1;
    }
  }
  branches.push(source.slice(start));
  return branches;
}

/** Printable ASCII: case-insensitive matching of these is plain lowercasing. */
function isLiteralCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x20 && code < 0x7f;
}

function clip(literal: string): string {
  return literal.length > MAX_LITERAL_LENGTH ? literal.slice(-MAX_LITERAL_LENGTH) : literal;
}

/**
 * Markup and code every page is full of: a literal made of these selects nothing, so they
 * do not count towards its length when choosing between literals.
 */
const COMMON_TEXT = [
  'text/javascript',
  'stylesheet',
  '/wp-content/',
  'javascript',
  'document.',
  'function',
  '/plugins/',
  '<script',
  'content=',
  'https://',
  '/themes/',
  'http://',
  'window.',
  '.min.js',
  'return',
  'class=',
  '<input',
  '<iframe',
  '<link',
  '<meta',
  '<span',
  '<body',
  '<html',
  '<form',
  'href=',
  'data-',
  'name=',
  'type=',
  'style=',
  '<div',
  '<img',
  '<!--',
  '.css',
  '.com',
  'src=',
  'rel=',
  'www.',
  'var ',
  '://',
  '.js',
  'id=',
  '<a ',
];
/** Raw length still counts a little: short literals occur by chance, long ones rarely. */
const RAW_LENGTH_WEIGHT = 0.5;
const RAW_LENGTH_CREDIT = 8;

const scores = new Map<string, number>();

/** How unlikely a literal is to occur by chance: its length without common text, mostly. */
function literalScore(literal: string): number {
  let score = scores.get(literal);
  if (score === undefined) {
    let rest = literal;
    for (const common of COMMON_TEXT) if (rest.includes(common)) rest = rest.split(common).join('\n');
    const distinctive = rest.replaceAll('\n', '').length;
    score = distinctive + RAW_LENGTH_WEIGHT * Math.min(literal.length, RAW_LENGTH_CREDIT);
    scores.set(literal, score);
  }
  return score;
}

/** A set is as selective as its least selective member; fewer members are better. */
function selectivity(literals: readonly string[]): number {
  return Math.min(...literals.map(literalScore)) * 100 - literals.length;
}

/**
 * The best requirement of one branch: a run of literal characters, or a group whose every
 * alternative has a literal. Every match of the branch contains one of the returned literals.
 */
function branchRequirement(branch: string, depth: number): string[] | null {
  const candidates: string[][] = [];
  let run = '';
  const endRun = (): void => {
    if (run.length >= MIN_LITERAL_LENGTH) candidates.push([clip(run)]);
    run = '';
  };
  let index = 0;
  while (index < branch.length) {
    const char = branch[index] ?? '';
    let literal: string | null = null;
    let group: string | null = null;
    let next = index + 1;
    if (char === '\\') {
      next = index + escapeLength(branch, index);
      const escaped = branch[index + 1] ?? '';
      if (next === index + 2 && IDENTITY_ESCAPES.has(escaped)) literal = escaped;
    } else if (char === '[') {
      next = classEnd(branch, index);
    } else if (char === '(') {
      next = groupEnd(branch, index);
      const rest = branch.slice(index, next);
      if (!LOOKAROUND.test(rest)) group = rest.slice((GROUP_OPENING.exec(rest)?.[0] ?? '(').length, -1);
    } else if (char !== '.' && char !== '^' && char !== '$') {
      literal = char;
    }
    const quantifier = quantifierAt(branch, next);
    if (quantifier) next += quantifier.length;
    const required = !quantifier || quantifier.min > 0;

    if (literal !== null && required && isLiteralCharacter(literal)) {
      run += literal.toLowerCase();
      // One copy is certain; what follows a repeated character is not adjacent to it.
      if (quantifier && quantifier.max !== 1) endRun();
    } else {
      endRun();
      if (group !== null && required && depth < MAX_GROUP_DEPTH) {
        const inner = requirement(group, depth + 1);
        if (inner) candidates.push(inner);
      }
    }
    index = next;
  }
  endRun();
  let best: string[] | null = null;
  let bestSelectivity = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    const candidateSelectivity = selectivity(candidate);
    if (candidateSelectivity > bestSelectivity) {
      best = candidate;
      bestSelectivity = candidateSelectivity;
    }
  }
  return best;
}

function requirement(source: string, depth: number): string[] | null {
  const literals: string[] = [];
  for (const branch of topLevelBranches(source)) {
    const required = branchRequirement(branch, depth);
    if (!required) return null;
    for (const literal of required) if (!literals.includes(literal)) literals.push(literal);
  }
  return literals;
}

/**
 * Lowercased literals of which every match contains at least one, or null when no usable
 * literal is certain and the pattern must always be run.
 */
export function requiredLiterals(source: string): string[] | null {
  return requirement(source, 0);
}
