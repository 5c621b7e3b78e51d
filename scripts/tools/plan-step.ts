import { runTool } from '../cli/tool.ts';
import { EXIT } from '../errors.ts';
import { planStep } from '../github/plan-step.ts';

/** The `plan` step of .github/workflows/monitor.yml: `npx tsx scripts/tools/plan-step.ts`. */
process.exitCode = await runTool('plan-step', async (io) => {
  await planStep(io.env, io.cwd);
  return EXIT.ok;
});
