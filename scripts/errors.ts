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

/** One thing wrong with a config file, located precisely enough for an editor or a PR annotation. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Where in the document, e.g. `alerts.recipients[1]`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  /** Which check found it: `yaml`, `schema`, or a rule name from scripts/monitors/rules.ts. */
  readonly rule: string;
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

/**
 * A file under data/ (or the outbox) could not be written: no permission, a read-only or full
 * disk, a path that is not a folder. Whatever was half-written has been removed.
 */
export class StorageError extends EnvironmentError {
  constructor(
    readonly path: string,
    readonly code: string,
    detail: string,
  ) {
    super(`cannot write ${path}: ${detail} (${code}); nothing was left half-written`);
  }
}

export class InterruptedError extends TechscanError {
  readonly exitCode = EXIT.interrupted;
}
