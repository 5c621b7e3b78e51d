import { runTool } from '../cli/tool.ts';
import { EXIT } from '../errors.ts';
import { previewEnv, previewStep } from '../github/preview-step.ts';

/** The `preview` step of .github/workflows/validate.yml: `npx tsx scripts/tools/preview-step.ts`. */
process.exitCode = await runTool('preview-step', async (io) => {
  const env = previewEnv.parse(io.env);
  await previewStep({ cwd: io.cwd, base: env.PREVIEW_BASE, head: env.PREVIEW_HEAD });
  return EXIT.ok;
});
