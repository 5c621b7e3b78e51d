import { describe, expect, it } from 'vitest';
import { parseTagged } from '../../scripts/detect/pattern.ts';
import { chooseVersion, isUsableVersion, renderVersion } from '../../scripts/detect/version.ts';

describe('parseTagged', () => {
  it.each([
    ['jquery', { value: 'jquery', confidence: 100, version: null }],
    ['jquery-([\\d.]+)\\;version:\\1', { value: 'jquery-([\\d.]+)', confidence: 100, version: '\\1' }],
    ['\\;confidence:50', { value: '', confidence: 50, version: null }],
    ['x\\;confidence:25\\;version:\\1?a:b', { value: 'x', confidence: 25, version: '\\1?a:b' }],
    ['x\\;version:\\1?1 (Enterprise):1 (Community)', { value: 'x', confidence: 100, version: '\\1?1 (Enterprise):1 (Community)' }],
    ['PHP\\;confidence:75', { value: 'PHP', confidence: 75, version: null }],
    ['Magento\\;version:2', { value: 'Magento', confidence: 100, version: '2' }],
    ['x\\;confidence:abc', { value: 'x', confidence: 100, version: null }],
    ['x\\;confidence:150', { value: 'x', confidence: 100, version: null }],
    ['x\\;version:', { value: 'x', confidence: 100, version: null }],
    ['x\\;unknown:1\\;novalue', { value: 'x', confidence: 100, version: null }],
  ])('%s', (raw, parsed) => {
    expect(parseTagged(raw)).toEqual(parsed);
  });
});

describe('renderVersion', () => {
  const groups = (...values: (string | undefined)[]): (string | undefined)[] => ['whole match', ...values];
  it.each([
    ['\\1', groups('1.2.3'), '1.2.3'],
    ['\\1.\\2', groups('4', '7'), '4.7'],
    ['\\1.\\2.\\3', groups('1', '2', undefined), '1.2.'],
    ['v\\1', groups('2'), 'v2'],
    ['pro \\1', groups('5.1'), 'pro 5.1'],
    ['2.0', groups(), '2.0'],
    ['\\1?Next:', groups('x'), 'Next'],
    ['\\1?Next:', groups(undefined), ''],
    ['\\1?Next:', groups(''), ''],
    ['\\1?4:5', groups('y'), '4'],
    ['\\1?4:5', groups(undefined), '5'],
    ['\\1?:Classic', groups('y'), ''],
    ['\\1?:Classic', groups(undefined), 'Classic'],
    ['\\1?1 (Enterprise):1 (Community)', groups(undefined), '1 (Community)'],
    ['\\1?\\1:\\2', groups(undefined, '3.1'), '3.1'],
    ['\\1?\\1:\\2', groups('2.0', '3.1'), '2.0'],
    ['\\2', groups('a'), ''],
    ['\\1', groups('12345678901'), ''],
    ['\\1?long:short', groups('12345678901'), 'short'],
    ['  \\1  ', groups('1.0'), '1.0'],
    ['\\1?', groups('1.0'), '1.0?'],
  ])('%s with %j → %j', (template, match, version) => {
    expect(renderVersion(template, match)).toBe(version);
  });
});

describe('version choice', () => {
  it.each([
    [['1.2', '1.2.3', '1.3'], '1.2.3'],
    [['1.3', '1.2'], '1.3'],
    [['', '2'], '2'],
    [['20240101', '5.1'], '5.1'],
    [['9999', '1'], '9999'],
    [['1.2.3.4.5.6.7.8', '1.0'], '1.2.3.4.5.6.7.8'],
    [['1.2.3.4.5.6.7.8.9', '1.0'], '1.0'],
    [['GA4'], 'GA4'],
    [[], ''],
  ])('%j → %j', (candidates, chosen) => {
    expect(chooseVersion(candidates)).toBe(chosen);
  });

  it.each([
    ['1.2.3', true],
    ['', false],
    ['10000', false],
    ['9999.1', true],
    ['1234567890123456', false],
  ])('usable %j: %s', (version, usable) => {
    expect(isUsableVersion(version)).toBe(usable);
  });
});
