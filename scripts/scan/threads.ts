import { Worker } from 'node:worker_threads';

const TS_WORKER = new URL('./ts-worker.mjs', import.meta.url);
/** What ./ts-worker.mjs posts once its module has loaded. */
export const THREAD_READY = 'techscan:thread-ready';

export interface Thread {
  readonly worker: Worker;
  /** Settles once the module has loaded (compiling it takes a core for a moment); rejects if the thread ends first. */
  readonly ready: Promise<void>;
}

/**
 * A worker thread running a TypeScript module. It never keeps the process alive on its own:
 * its owner terminates it when done.
 */
export function startThread(module: URL): Thread {
  const worker = new Worker(TS_WORKER, { workerData: { module: module.href } });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (message !== THREAD_READY) return;
      stop();
      resolve();
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onExit = (code: number) => {
      stop();
      reject(new Error(`the thread for ${module.pathname} exited with code ${code} before it was ready`));
    };
    const stop = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  // The owner hears of a thread that failed through its own error and exit handlers; whoever
  // awaits `ready` gets the rejection, and nobody awaiting it is no unhandled rejection.
  ready.catch(() => undefined);
  return { worker, ready };
}
