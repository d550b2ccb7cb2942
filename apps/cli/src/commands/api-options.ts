import type { Command } from 'commander';

/** `--api` and `--token`, the options of every command that talks to the services. */
export function withApiOptions(command: Command, defaults: boolean): Command {
  const fallback = defaults ? '; default: VPLAN_API, else the running npm run stack' : '';
  return command
    .option(
      '--api <url>',
      `base URL of the vplan services (the \`base URL:\` line of npm run stack)${fallback}`,
    )
    .option(
      '--token <token>',
      'bearer token (API key or JWT); default: VPLAN_TOKEN, else the running npm run stack’s admin token',
    );
}
