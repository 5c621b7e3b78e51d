/**
 * Technology detection: the webappanalyzer fingerprint format, matched against the signals a
 * scan collects. `loadFingerprints` is the only part that touches the world (it reads the
 * installed database); `detect` and `collectionPlan` are pure.
 */
export { detect } from './detect.ts';
export { fingerprintsFromData, layerOwnRules, type Fingerprints } from './fingerprints.ts';
export { OWN_RULES } from './own-rules.ts';
export { PROBES, probeFindings } from './probes.ts';
export { SIGNAL_LIMITS } from './limits.ts';
export { loadFingerprints } from './load.ts';
export { collectionPlan, type CollectionPlan } from './plan.ts';
export { staticSignals, type HttpResponse } from './static-signals.ts';
