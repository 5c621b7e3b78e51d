// A worker thread that runs a TypeScript module (workerData.module, a file URL). Plain JavaScript
// so a worker can start without a TypeScript loader of its own: it registers tsx, imports the
// module, then says it is ready (the message is THREAD_READY in ./threads.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
parentPort?.postMessage('techscan:thread-ready');
