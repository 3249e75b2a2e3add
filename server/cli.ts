import { StartupError } from './startup-error.ts';

/**
 * Runs a command-line entry point: an error becomes one line on stderr and a
 * non-zero exit; the stack only in development, where it helps.
 */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`clearline: ${message}`);
    if (!(error instanceof StartupError) && process.env.NODE_ENV === 'development' && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  }
}
