import { describe, expect, it } from 'vitest';
import { CONTENT_KINDS } from '../../scripts/detect/database.ts';
import { loadFingerprints } from '../../scripts/detect/index.ts';
import { LiteralIndex } from '../../scripts/detect/literal-index.ts';
import { Pattern } from '../../scripts/detect/pattern.ts';
import { boundQuantifiers, requiredLiterals } from '../../scripts/detect/regex-source.ts';
import { EXAMPLE_CHOICES, regexExample } from './regex-examples.ts';

describe('boundQuantifiers', () => {
  it.each([
    ['a+b*', 'a{1,250}b{0,250}'],
    ['a+?b*?', 'a{1,250}?b{0,250}?'],
    ['(?:ab)+', '(?:ab){1,250}'],
    ['\\+\\*', '\\+\\*'],
    ['[+*]x', '[+*]x'],
    ['[\\]+]+', '[\\]+]{1,250}'],
    ['a{2,}', 'a{2,250}'],
    ['a{300,}', 'a{300,300}'],
    ['a{2,5}b{3}', 'a{2,5}b{3}'],
    ['x{y}', 'x{y}'],
    ['\\x2b+', '\\x2b{1,250}'],
    ['\\\\+', '\\\\{1,250}'],
    ['a?', 'a?'],
  ])('%s → %s', (source, bounded) => {
    expect(boundQuantifiers(source)).toBe(bounded);
  });
});

describe('requiredLiterals', () => {
  it.each([
    ['jquery', ['jquery']],
    ['JQuery', ['jquery']],
    ['jquery[.-]([\\d.]+)\\.js', ['jquery']],
    ['\\.example-class', ['.example-class']],
    ['abc?def', ['def']],
    ['abcd+ef', ['abcd']],
    ['ab(?:c|d)ef', null],
    ['(?:ad\\.advertstream\\.com|adxcore\\.com)', ['ad.advertstream.com', 'adxcore.com']],
    ['foo|barbaz', ['foo', 'barbaz']],
    ['foo|x', null],
    ['(?:foo)?barbaz', ['barbaz']],
    ['(?:foobar)*x', null],
    ['(?=lookahead)x', null],
    ['(?<!behind)wanted', ['wanted']],
    ['\\x41bcdef', ['bcdef']],
    ['\\u0041bcdef', ['bcdef']],
    ['(ab)\\1cdef', ['cdef']],
    ['\\bword\\b', ['word']],
    ['^https?://shop\\.', ['://shop.']],
    ['/wp-content/plugins/elementor/frontend', ['ugins/elementor/frontend']],
    ['<div[^>]+class="[^"]*pure-u-', ['pure-u-']],
    ['<div class=(?:"|\')[^>]*gform_body', ['gform_body']],
    ['caf\u00e9latte', ['latte']],
    ['', null],
  ])('%s → %j', (source, literals) => {
    expect(requiredLiterals(source)).toEqual(literals);
  });
});

describe('LiteralIndex', () => {
  it('finds exactly the literals that occur, per text, folding ASCII case', () => {
    const literals = ['he', 'she', 'his', 'hers', 'jquery', 'query', 'a.b'];
    const texts = ['USHERS', 'load jQuery now', 'nothing here', 'a.b a.b', 'ſhe Kelvin'];
    const found: [string, number][] = [];
    LiteralIndex.build(literals).scan(texts, (literal, text) => found.push([literals[literal] ?? '', text]));
    const expected = texts.flatMap((text, index) =>
      literals.filter((literal) => text.toLowerCase().replace('ſ', '\u0000').includes(literal)).map((literal): [string, number] => [literal, index]),
    );
    expect(found.sort()).toEqual(expected.sort());
  });

  it('rejects literals it cannot fold', () => {
    expect(() => LiteralIndex.build(['Upper'])).toThrow(RangeError);
    expect(() => LiteralIndex.build(['caf\u00e9'])).toThrow(RangeError);
  });
});

describe('the literal prefilter on the real database', () => {
  it('never skips a pattern that matches: every match contains one of its literals', async () => {
    const fingerprints = await loadFingerprints();
    const sources = fingerprints.technologies.flatMap((technology) => CONTENT_KINDS.flatMap((kind) => technology.content[kind] ?? []));
    let exercised = 0;
    const violations: string[] = [];
    sources.forEach((raw, id) => {
      const pattern = new Pattern(id, raw);
      if (pattern.literals === null) return;
      const literals = pattern.literals;
      const index = LiteralIndex.build(literals);
      for (const choice of EXAMPLE_CHOICES) {
        const example = regexExample(pattern.source, choice);
        for (const text of [example, example.toUpperCase()]) {
          const match = pattern.exec(text);
          if (!match) continue;
          exercised += 1;
          const lowered = match[0].toLowerCase();
          let indexed = false;
          index.scan([match[0]], () => (indexed = true));
          if (!literals.some((literal) => lowered.includes(literal)) || !indexed) {
            violations.push(`${raw} matched ${JSON.stringify(match[0])} without ${JSON.stringify(literals)}`);
          }
        }
      }
    });
    expect(violations).toEqual([]);
    // The examples must actually exercise most of the database for this test to mean anything.
    expect(exercised).toBeGreaterThan(sources.length * 3);
  }, 120_000);
});
