import { resolve } from 'node:path';
import { runDemo } from '../demo/demo.ts';
import { EXIT, UsageError } from '../errors.ts';
import { lineProgress, terminalProgress } from '../run/progress.ts';
import { defineCommand, NOW_OPTION } from './command.ts';

interface DemoArgs {
  readonly dir: string;
  readonly now: Date;
  readonly light: boolean;
  readonly serve: { readonly port: number } | null;
}

const DEFAULT_DIR = '.techscan/demo';
const MAX_PORT = 65_535;

export const demoCommand = defineCommand<DemoArgs>({
  name: 'demo',
  summary:
    'See the whole product work on this machine, offline: four local competitor sites, two monitoring cycles with the sites changing in between, the detected changes, the digest email and the dashboard.',
  usage: '',
  options: {
    serve: { type: 'boolean', description: 'Then serve the dashboard on 127.0.0.1 until Ctrl-C' },
    port: { type: 'string', placeholder: '<n>', description: 'Port for --serve (default: any free port)' },
    dir: {
      type: 'string',
      placeholder: '<dir>',
      description: `Where the demo writes its monitors, data, outbox and site (default ${DEFAULT_DIR}/, replaced by each demo)`,
    },
    light: { type: 'boolean', description: 'Scan without a browser (light depth), as on a machine without Chromium' },
    now: { ...NOW_OPTION, description: 'Time of the first cycle (default: the clock); the second is when every schedule has fired again' },
  },
  parse(input, io) {
    const port = input.integer('port', { min: 0, max: MAX_PORT });
    const serve = input.flag('serve');
    if (port !== undefined && !serve) throw new UsageError('--port needs --serve');
    return {
      dir: resolve(io.cwd, input.string('dir') ?? DEFAULT_DIR),
      now: input.time('now'),
      light: input.flag('light'),
      serve: serve ? { port: port ?? 0 } : null,
    };
  },
  async run(args, io) {
    const controller = new AbortController();
    const stopListening = io.onInterrupt(() => controller.abort());
    try {
      await runDemo(
        { dir: args.dir, now: args.now, browser: args.light ? 'none' : 'auto', serve: args.serve },
        {
          say: io.out,
          // Progress is part of the story: same stream.
          progress: () => (io.interactive ? terminalProgress(io.out) : lineProgress((text) => io.out(`   ${text}`))),
          env: io.env,
          cwd: io.cwd,
          clock: () => new Date(),
          signal: controller.signal,
        },
      );
    } finally {
      stopListening();
    }
    return EXIT.ok;
  },
});
