import type { FactWarning } from '../host-facts';
import { ProbeError } from './probe-error';
import type { SshSession } from './ssh-connection';

/** What one command gave: its output when it exited 0 in time and within the size bound. */
export type CommandResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: boolean };

export interface CommandRunnerOptions {
  readonly timeoutMs: number;
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

/**
 * Runs commands on a session, one after the other, with a C locale and the sbin folders on
 * PATH (a non-login shell of a normal user often lacks them). A tool that is not installed
 * (exit 127), a timeout or output past the bound gives `ok: false` with a note; a broken
 * connection throws a `command` ProbeError.
 */
export class CommandRunner {
  readonly warnings: FactWarning[] = [];
  readonly missing: string[] = [];

  constructor(
    private readonly session: SshSession,
    private readonly target: string,
    private readonly options: CommandRunnerOptions,
  ) {}

  async run(command: string): Promise<CommandResult> {
    if (this.options.signal?.aborted) {
      throw new ProbeError(this.target, 'cancelled', `ssh ${this.target}: cancelled`);
    }
    const output = await this.session.run(
      `env LC_ALL=C PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin" ${command}`,
      { timeoutMs: this.options.timeoutMs, maxBytes: this.options.maxBytes },
    );
    if (this.session.lostReason !== undefined && output.code === null) {
      throw new ProbeError(
        this.target,
        'command',
        `ssh ${this.target}: connection lost while running ${command}: ${this.session.lostReason}`,
      );
    }
    if (output.timedOut) {
      this.note(command, `${command} did not finish within ${this.options.timeoutMs} ms`);
      return { ok: false, missing: false };
    }
    if (output.truncated) {
      this.note(command, `${command} printed more than the output bound: not read`);
      return { ok: false, missing: false };
    }
    if (output.code === 127) {
      this.missing.push(command.split(' ')[0] as string);
      return { ok: false, missing: true };
    }
    return output.code === 0 ? { ok: true, text: output.stdout } : { ok: false, missing: false };
  }

  /** The output text, or undefined when the command gave none. */
  async text(command: string): Promise<string | undefined> {
    const result = await this.run(command);
    return result.ok ? result.text : undefined;
  }

  note(command: string, message: string, field?: string): void {
    this.warnings.push({
      where: `ssh://${this.target}`,
      ...(field !== undefined ? { field } : {}),
      value: command,
      message,
    });
  }
}
