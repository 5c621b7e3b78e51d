import { describe, expect, it } from 'vitest';
import { collectionPlan } from '../../scripts/detect/index.ts';
import { fingerprints } from './fingerprints.ts';

describe('collectionPlan', () => {
  const database = fingerprints({
    Alpha: { js: { 'Alpha.version': '([\\d.]+)\\;version:\\1', ' Alpha.loaded ': '' }, dom: '#alpha' },
    Beta: {
      js: { 'Alpha.version': '' },
      dom: {
        '#alpha': { text: 'Alpha' },
        'link[rel=stylesheet]': [{ attributes: { href: 'beta\\.css' } }, { attributes: { 'data-beta': '' }, properties: { __beta__: '' } }],
      },
    },
    Gamma: { requires: 'Alpha', js: { gammaInit: '' }, dom: ['.gamma', '.gamma-footer'] },
  });

  it('lists each js chain and selector once, with what every fingerprint needs from it', () => {
    expect(collectionPlan(database)).toEqual({
      js: ['Alpha.loaded', 'Alpha.version', 'gammaInit'],
      dom: [
        { selector: '#alpha', exists: true, text: true, attributes: [], properties: [] },
        { selector: '.gamma', exists: true, text: false, attributes: [], properties: [] },
        { selector: '.gamma-footer', exists: true, text: false, attributes: [], properties: [] },
        { selector: 'link[rel=stylesheet]', exists: false, text: false, attributes: ['data-beta', 'href'], properties: ['__beta__'] },
      ],
    });
  });

  it('returns a fresh copy each time', () => {
    const plan = collectionPlan(database);
    plan.js.push('Mutated');
    plan.dom[0]?.attributes.push('mutated');
    expect(collectionPlan(database).js).not.toContain('Mutated');
    expect(collectionPlan(database).dom[0]?.attributes).toEqual([]);
  });
});
