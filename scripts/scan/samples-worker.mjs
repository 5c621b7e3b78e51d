// The document sampler's thread (scripts/scan/samples.ts). Plain JavaScript so a worker can
// start it without a TypeScript loader of its own: it registers tsx, then runs the sampler.
import { register } from 'tsx/esm/api';

register();
await import('./samples-thread.ts');
