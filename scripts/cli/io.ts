/** The world a command sees: its output streams, environment and working directory. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** True when stderr is an interactive terminal (live progress lines). */
  readonly interactive: boolean;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function processIo(): Io {
  // `techscan changes | head`: when the reader goes away, stop as Unix tools do, without a trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    onInterrupt(handler) {
      let received = 0;
      const listener = () => {
        received += 1;
        // A second signal means "now": give up on finishing the current writes.
        if (received > 1) process.exit(130);
        handler();
      };
      for (const signal of INTERRUPT_SIGNALS) process.on(signal, listener);
      return () => {
        for (const signal of INTERRUPT_SIGNALS) process.off(signal, listener);
      };
    },
  };
}

export function line(text = ''): string {
  return `${text}\n`;
}

/** Pretty-printed JSON for `--json`, one value per command. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
