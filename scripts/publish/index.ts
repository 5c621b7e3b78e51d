export { commitMessage } from './message.ts';
export {
  commitData,
  publishData,
  pushData,
  GITHUB_ACTIONS_BOT,
  type Author,
  type PublishOptions,
  type PublishResult,
} from './git.ts';
export { PublishConflictError, PublishError } from './errors.ts';
