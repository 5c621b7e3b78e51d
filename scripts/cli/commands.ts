import type { AnyCommand } from './command.ts';
import { changesCommand } from './changes.ts';
import { compactCommand } from './compact.ts';
import { demoCommand } from './demo.ts';
import { digestCommand } from './digest.ts';
import { listCommand } from './list.ts';
import { runCommand } from './run.ts';
import { scanCommand } from './scan.ts';
import { validateCommand } from './validate.ts';

/** Every `npm run techscan -- <command>`, in the order help lists them. */
export const COMMANDS: readonly AnyCommand[] = [
  demoCommand,
  validateCommand,
  listCommand,
  runCommand,
  scanCommand,
  changesCommand,
  digestCommand,
  compactCommand,
];
