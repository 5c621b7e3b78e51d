/**
 * Best-effort example strings for a regex source, to exercise the literal prefilter on every
 * pattern of the real database. Not every example matches (lookarounds, backreferences):
 * callers keep those the real regex matches.
 */

export interface ExampleChoice {
  /** Which alternative of each alternation. */
  readonly branch: 'first' | 'last';
  /** Repetitions of each quantified atom: its minimum, or a couple more. */
  readonly repeat: 'min' | 'more';
}

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index));
const CLASS_ESCAPES: Readonly<Record<string, string>> = { d: '7', D: 'x', w: 'k', W: '-', s: ' ', S: 'x', n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
const EXTRA_REPEATS = 2;

class Generator {
  #index = 0;
  constructor(
    private readonly source: string,
    private readonly choice: ExampleChoice,
  ) {}

  run(): string {
    return this.#alternation();
  }

  #alternation(): string {
    const branches: string[] = [this.#sequence()];
    while (this.source[this.#index] === '|') {
      this.#index += 1;
      branches.push(this.#sequence());
    }
    return (this.choice.branch === 'first' ? branches[0] : branches[branches.length - 1]) ?? '';
  }

  #sequence(): string {
    let out = '';
    while (this.#index < this.source.length && this.source[this.#index] !== '|' && this.source[this.#index] !== ')') {
      const atom = this.#atom();
      const [min, max] = this.#quantifier();
      const count = this.choice.repeat === 'min' ? min : Math.min(max, Math.max(min, 1) + EXTRA_REPEATS);
      out += atom.repeat(count);
    }
    return out;
  }

  #atom(): string {
    const char = this.source[this.#index] ?? '';
    this.#index += 1;
    if (char === '\\') return this.#escape();
    if (char === '[') return this.#characterClass();
    if (char === '(') return this.#group();
    if (char === '.') return 'x';
    if (char === '^' || char === '$') return '';
    return char;
  }

  #escape(): string {
    const char = this.source[this.#index] ?? '';
    this.#index += 1;
    const hex = char === 'x' ? 2 : char === 'u' ? 4 : 0;
    if (hex > 0 && /^[0-9a-f]+$/i.test(this.source.slice(this.#index, this.#index + hex))) {
      const code = Number.parseInt(this.source.slice(this.#index, this.#index + hex), 16);
      this.#index += hex;
      return String.fromCharCode(code);
    }
    if (/\d/.test(char)) {
      while (/\d/.test(this.source[this.#index] ?? '')) this.#index += 1;
      return '';
    }
    if (char === 'b' || char === 'B') return '';
    return CLASS_ESCAPES[char] ?? char;
  }

  #characterClass(): string {
    const start = this.#index - 1;
    if (this.source[this.#index] === '^') this.#index += 1;
    while (this.#index < this.source.length && this.source[this.#index] !== ']') {
      this.#index += this.source[this.#index] === '\\' ? 2 : 1;
    }
    this.#index += 1;
    const regex = new RegExp(`^${this.source.slice(start, this.#index)}$`);
    const members = PRINTABLE.filter((candidate) => regex.test(candidate));
    return (this.choice.branch === 'first' ? members[0] : members[members.length - 1]) ?? '';
  }

  #group(): string {
    const lookaround = /^\?(?:=|!|<=|<!)/.exec(this.source.slice(this.#index));
    const opening = /^\?(?::|<[^>=!]*>)/.exec(this.source.slice(this.#index));
    this.#index += (lookaround ?? opening)?.[0].length ?? 0;
    const inner = this.#alternation();
    this.#index += 1;
    return lookaround ? '' : inner;
  }

  #quantifier(): [number, number] {
    const rest = this.source.slice(this.#index);
    const brace = /^\{(\d+)(?:(,)(\d*))?\}\??/.exec(rest);
    let bounds: [number, number] | null = null;
    let length = 0;
    if (brace) {
      const min = Number(brace[1]);
      bounds = [min, brace[2] === undefined ? min : brace[3] === '' ? min + EXTRA_REPEATS : Number(brace[3])];
      length = brace[0].length;
    } else if (/^[*+?]/.test(rest)) {
      const char = rest[0];
      bounds = char === '*' ? [0, EXTRA_REPEATS] : char === '+' ? [1, 1 + EXTRA_REPEATS] : [0, 1];
      length = rest[1] === '?' ? 2 : 1;
    }
    this.#index += length;
    return bounds ?? [1, 1];
  }
}

export function regexExample(source: string, choice: ExampleChoice): string {
  return new Generator(source, choice).run();
}

export const EXAMPLE_CHOICES: readonly ExampleChoice[] = [
  { branch: 'first', repeat: 'min' },
  { branch: 'first', repeat: 'more' },
  { branch: 'last', repeat: 'min' },
  { branch: 'last', repeat: 'more' },
];
