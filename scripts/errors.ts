import type { Problem } from './monitors/problem.ts';

/**
 * Typed errors. Each one is a failure the user can act on; the CLI maps it to a one-line
 * message and an exit code. Anything else that reaches the top is a bug and gets a stack trace.
 */

export const EXIT = {
  ok: 0,
  /** The command ran and found problems (invalid configs, unreadable data). */
  problems: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** The machine cannot do the job (no browser, unwritable directory). */
  environment: 3,
  /** Interrupted by SIGINT/SIGTERM. */
  interrupted: 130,
  /** A bug in techscan. */
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export abstract class TechscanError extends Error {
  abstract readonly exitCode: ExitCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends TechscanError {
  readonly exitCode = EXIT.usage;
}

/** Monitor configuration is invalid; `problems` holds every located problem. */
export class ConfigError extends TechscanError {
  readonly exitCode = EXIT.problems;
  constructor(
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}

/** A file in data/ cannot be read: wrong schema version, corrupt JSON, failed validation. */
export class DataError extends TechscanError {
  readonly exitCode = EXIT.problems;
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** The environment lacks something the command needs (a browser, a writable directory, SMTP). */
export class EnvironmentError extends TechscanError {
  readonly exitCode = EXIT.environment;
}

export class InterruptedError extends TechscanError {
  readonly exitCode = EXIT.interrupted;
}
