import { EXIT, TechscanError } from '../errors.ts';

/**
 * Publishing failed and the data stayed local: the commit is kept in the local repository, so
 * nothing scanned is lost, and the message says how to finish by hand.
 */
export class PublishError extends TechscanError {
  readonly exitCode = EXIT.environment;
  constructor(
    message: string,
    /** The local commit that was not pushed, or null when none was made. */
    readonly commit: string | null,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/**
 * The branch moved and the other side changed the same lines of a file that cannot be merged
 * line by line (a `latest.json` both runs rewrote). The rebase is undone; the local commit stays.
 */
export class PublishConflictError extends PublishError {
  constructor(
    readonly files: readonly string[],
    commit: string,
    attempts: number,
  ) {
    super(
      `cannot publish: the branch moved and these files conflict with it: ${files.join(', ')}. ` +
        `Commit ${commit.slice(0, 12)} is kept locally; rebase it by hand and push.`,
      commit,
      attempts,
    );
  }
}
