export { commitMessage } from './message.ts';
export { commitData, publishData, pushData, GITHUB_ACTIONS_BOT } from './git.ts';
