/**
 * Finds which of many literals occur in a text in one pass (an Aho–Corasick automaton over
 * printable ASCII, ASCII letters folded to lowercase). The matcher runs a pattern only when
 * one of its required literals occurs, so a page is read once per signal instead of once per
 * pattern.
 *
 * Case folding covers exactly what a case-insensitive, non-Unicode JavaScript regex folds for
 * ASCII letters: no other character matches an ASCII letter, so the text needs no lowercasing.
 */

const ASCII = 128;
const NONE = -1;
const UPPER_A = 65;
const UPPER_Z = 90;
const CASE_OFFSET = 32;

export class LiteralIndex {
  /** log2 of the row width: rows are padded to a power of two so `state << shift` finds one. */
  readonly #shift: number;
  /** Character code → column; 0 for characters in no literal (they reset the automaton). */
  readonly #column: Uint8Array;
  /** (state << shift) | column → next state; complete, failure links folded in. */
  readonly #next: Int32Array;
  /** The literal ending exactly at a state, or NONE. */
  readonly #output: Int32Array;
  /** The nearest proper suffix state with an output, or NONE. */
  readonly #suffixOutput: Int32Array;
  /** 1 when a state or one of its suffixes ends a literal. */
  readonly #reports: Uint8Array;

  private constructor(literals: readonly string[]) {
    const column = new Uint8Array(ASCII);
    let columns = 1;
    for (const literal of literals) {
      for (let index = 0; index < literal.length; index += 1) {
        const code = literal.charCodeAt(index);
        if (code >= ASCII || (code >= UPPER_A && code <= UPPER_Z)) throw new RangeError(`literal is not lowercase ASCII: ${literal}`);
        if (column[code] === 0) column[code] = columns++;
      }
    }
    for (let code = UPPER_A; code <= UPPER_Z; code += 1) column[code] = column[code + CASE_OFFSET] ?? 0;
    const shift = Math.ceil(Math.log2(columns));
    const width = 1 << shift;

    const maxStates = 1 + literals.reduce((sum, literal) => sum + literal.length, 0);
    const next = new Int32Array(maxStates * width).fill(NONE);
    const output = new Int32Array(maxStates).fill(NONE);
    let stateCount = 1;
    literals.forEach((literal, id) => {
      let state = 0;
      for (let index = 0; index < literal.length; index += 1) {
        const cell = (state << shift) | (column[literal.charCodeAt(index)] ?? 0);
        if (next[cell] === NONE) next[cell] = stateCount++;
        state = next[cell] ?? 0;
      }
      if (output[state] === NONE) output[state] = id;
    });

    // Breadth-first, so a state's failure target (shallower) is complete before it is used.
    const failure = new Int32Array(stateCount);
    const suffixOutput = new Int32Array(stateCount).fill(NONE);
    const queue = new Int32Array(stateCount);
    let head = 0;
    let tail = 0;
    for (let symbol = 0; symbol < width; symbol += 1) {
      const child = next[symbol] ?? NONE;
      if (child === NONE || symbol === 0) next[symbol] = 0;
      else queue[tail++] = child;
    }
    while (head < tail) {
      const state = queue[head++] ?? 0;
      const fail = failure[state] ?? 0;
      suffixOutput[state] = (output[fail] ?? NONE) !== NONE ? fail : (suffixOutput[fail] ?? NONE);
      for (let symbol = 0; symbol < width; symbol += 1) {
        const cell = (state << shift) | symbol;
        const child = next[cell] ?? NONE;
        const fallback = symbol === 0 ? 0 : (next[(fail << shift) | symbol] ?? 0);
        if (child === NONE || symbol === 0) {
          next[cell] = fallback;
        } else {
          failure[child] = fallback;
          queue[tail++] = child;
        }
      }
    }
    const reports = new Uint8Array(stateCount);
    for (let state = 0; state < stateCount; state += 1) {
      reports[state] = (output[state] ?? NONE) !== NONE || (suffixOutput[state] ?? NONE) !== NONE ? 1 : 0;
    }
    this.#shift = shift;
    this.#column = column;
    this.#next = next.slice(0, stateCount * width);
    this.#output = output.slice(0, stateCount);
    this.#suffixOutput = suffixOutput;
    this.#reports = reports;
  }

  /** An index over `literals` (lowercase printable ASCII); a literal's id is its position. */
  static build(literals: readonly string[]): LiteralIndex {
    return new LiteralIndex(literals);
  }

  /**
   * Reports each literal occurring in each text (ASCII letters in any case) once per text, as
   * (literal id, text index), texts in order.
   */
  scan(texts: readonly string[], found: (literal: number, text: number) => void): void {
    const shift = this.#shift;
    const column = this.#column;
    const next = this.#next;
    const output = this.#output;
    const suffixOutput = this.#suffixOutput;
    const reports = this.#reports;
    // A state's literals are reported once per text: stamp it with the text's number.
    const reportedIn = new Uint32Array(reports.length);
    for (let textIndex = 0; textIndex < texts.length; textIndex += 1) {
      const text = texts[textIndex] ?? '';
      const stamp = textIndex + 1;
      let state = 0;
      for (let index = 0; index < text.length; index += 1) {
        const code = text.charCodeAt(index);
        state = next[(state << shift) | (code < ASCII ? (column[code] ?? 0) : 0)] ?? 0;
        if (reports[state] === 0) continue;
        let walk = state;
        while (walk !== NONE && reportedIn[walk] !== stamp) {
          reportedIn[walk] = stamp;
          const literal = output[walk] ?? NONE;
          if (literal !== NONE) found(literal, textIndex);
          walk = suffixOutput[walk] ?? NONE;
        }
      }
    }
  }
}
