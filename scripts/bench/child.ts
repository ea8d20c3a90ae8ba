// Runs one measured step in its own process, so its peak memory is its own: `build` (Astro's
// programmatic build of the Astro project at its second argument, into its third; a fourth,
// `force`, renders every page whatever Astro's incremental cache holds), `validate`, or
// `notify` (its third argument the time). Prints a last line with the result.
import { build } from 'astro';
import { run } from '../../src/cli/main.ts';
import { processIo } from '../../src/cli/io.ts';

const [step = '', root = '', third = '', fourth = ''] = process.argv.slice(2);
const started = performance.now();
let code = 0;
if (step === 'build') {
  await build({ root, outDir: third, logLevel: 'info', force: fourth === 'force' });
} else if (step === 'validate') {
  code = await run(['validate', '--root', root], processIo());
} else if (step === 'notify') {
  code = await run(['notify', '--root', root, '--now', third], processIo());
} else {
  throw new Error(`Unknown step "${step}": use build, validate or notify.`);
}
const result = {
  ms: performance.now() - started,
  // ru_maxrss: the process's peak resident memory, in kilobytes on Linux.
  maxRssKb: process.resourceUsage().maxRSS,
  code,
};
process.stdout.write(`\nSTATUSMARK_BENCH ${JSON.stringify(result)}\n`);
process.exitCode = code;
