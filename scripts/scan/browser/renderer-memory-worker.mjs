// The renderer memory budget, kept on a thread of its own (started by renderers.ts). A page can
// fill hundreds of megabytes of array buffers while the scan's own thread parses a response, so
// the check must not wait for that thread. Every `checkMs` it lists the renderers the browser
// started and reads each one's private memory from /proc; one over `maxBytes`, or growing fast
// enough to pass it before the next check, is killed and `{ killed: pid }` posted back.
// Plain JavaScript: a thread that loads no TypeScript loader costs a few megabytes, not forty.
import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

const { browserPid, maxBytes, checkMs } = workerData;
for (const [name, value] of Object.entries({ browserPid, maxBytes, checkMs })) {
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`renderer memory watch: ${name} must be a positive integer, got ${value}`);
}

/** Processes found not to descend from the browser: not read again (a live pid is not reused). */
const others = new Set();
/** Private bytes of each renderer at the last check. */
const previous = new Map();

for (;;) {
  const seen = new Map();
  for (const pid of listRenderers()) {
    const bytes = privateBytes(pid);
    if (bytes === null) continue;
    seen.set(pid, bytes);
    const growth = Math.max(0, bytes - (previous.get(pid) ?? bytes));
    if (bytes + growth <= maxBytes) continue;
    try {
      process.kill(pid, constants.signals.SIGKILL);
      parentPort?.postMessage({ killed: pid });
    } catch {
      // It ended on its own meanwhile.
    }
  }
  previous.clear();
  for (const [pid, bytes] of seen) previous.set(pid, bytes);
  await new Promise((resolve) => setTimeout(resolve, checkMs));
}

/** The renderer processes descending from the browser, read from the process table. */
function listRenderers() {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || others.has(pid)) continue;
    const stat = read(`/proc/${pid}/stat`);
    // Fields after the command name (which may contain spaces) start after the last ')'.
    if (stat !== null) parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const renderers = [];
  for (const pid of parents.keys()) {
    if (!descendsFromBrowser(pid, parents)) others.add(pid);
    else if (read(`/proc/${pid}/cmdline`)?.includes('--type=renderer')) renderers.push(pid);
  }
  return renderers;
}

function descendsFromBrowser(pid, parents) {
  for (let parent = parents.get(pid); parent !== undefined && parent > 1; parent = parents.get(parent)) if (parent === browserPid) return true;
  return false;
}

/** Anonymous and shared-memory resident bytes of a process: what it holds of its own. */
function privateBytes(pid) {
  const status = read(`/proc/${pid}/status`);
  if (status === null) return null;
  const kilobytes = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return (kilobytes('RssAnon') + kilobytes('RssShmem')) * 1024;
}

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // The process ended.
  }
}
