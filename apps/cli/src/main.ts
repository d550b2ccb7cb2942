import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { isInputProblem } from '@vplan/file-input';
import { planCommand } from './commands/plan';
import { demoCommand } from './commands/demo';
import { compatCommand } from './commands/compat';
import { compareCommand } from './commands/compare';
import { discoverCommand } from './commands/discover';
import { generateCommand } from './commands/generate';
import { importCommand } from './commands/import';
import { UsageError } from './commands/options';
import { ApiError } from './remote/api-client';

/** Exit codes: 0 done, 1 unexpected failure, 2 bad input or usage. */
export const EXIT_BAD_INPUT = 2;

export function program(): Command {
  const root = new Command('vplan')
    .description(
      'vplan plans the move from a virtualization pilot to data-center-wide virtualization:\n' +
        'which servers become VMs on which hosts, how many hosts, and what blocks the rest.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const command of [
    planCommand(),
    compatCommand(),
    compareCommand(),
    discoverCommand(),
    generateCommand(),
    demoCommand(),
    importCommand(),
  ]) {
    root.addCommand(command.exitOverride().showHelpAfterError('(run with --help for usage)'));
  }
  return root;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help / version).
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (error instanceof ApiError) {
      process.stderr.write(`\nvplan: ${error.message}\n`);
      return error.status === 400 || error.status === 404 || error.status === 409
        ? EXIT_BAD_INPUT
        : 1;
    }
    if (isInputProblem(error) || error instanceof UsageError) {
      process.stderr.write(`\nvplan: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof ZodError) {
      const issues = error.issues
        .map((i) => `${i.path.join('.') || 'options'}: ${i.message}`)
        .join('; ');
      process.stderr.write(`\nvplan: invalid options: ${issues}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(
      `\nvplan: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
