import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  killNow,
  spawnLogged,
  stopPid,
  waitReady,
  type LoggedProcess,
} from './processes';

const run = promisify(execFile);

export const SSHD_BINARY = '/usr/sbin/sshd';
export const SSHD_MISSING =
  'sshd is not installed: run `apt-get install -y openssh-server` (Debian/Ubuntu, as root)';

export interface StartSshdOptions {
  /** Folder for config, keys, pid file and log (created); default a new temp folder, removed on stop. */
  dir?: string;
  /** Loopback port; default a free one. */
  port?: number;
  /** Default 15 000 ms. */
  readyTimeoutMs?: number;
}

export interface StartedSshd {
  host: '127.0.0.1';
  port: number;
  /** The user the client key logs in as (the user running the tests; root on CI). */
  username: string;
  /** OpenSSH private key (ed25519, no passphrase) listed in authorized_keys. */
  clientKey: string;
  /** Another OpenSSH private key that is not authorized (for wrong-key tests). */
  strangerKey: string;
  /** `SHA256:…` of the server's ed25519 host key, as `ssh-keygen -l` prints it. */
  hostKeyFingerprint: string;
  dir: string;
  logFile: string;
  process: LoggedProcess;
  /** SIGTERM (then SIGKILL) by pid; removes a temp folder it created. */
  stop: () => Promise<void>;
}

async function keygen(file: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

async function fingerprint(publicKeyFile: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile]);
  const found = /\b(SHA256:[A-Za-z0-9+/]+)/.exec(stdout);
  if (found === null) throw new Error(`ssh-keygen -l gave no SHA256 fingerprint: ${stdout}`);
  return found[1] as string;
}

/** Resolves undefined once the port answers with an SSH banner, else the reason. */
async function banner(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (reason: string | undefined): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(1000, () => done('no banner within 1 s'));
    socket.once('error', (error) => done(error.message));
    socket.once('data', (data) =>
      done(data.toString('latin1').startsWith('SSH-') ? undefined : 'not an SSH banner'),
    );
  });
}

function sshdConfig(dir: string, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_ed25519')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    // Without PAM a password is checked against /etc/shadow; root's is refused above.
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // Keys in a world-writable temp folder fail the ownership checks otherwise.
    'StrictModes no',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

/**
 * Debian's OpenSSH server on a loopback port with its own host key, client key and config
 * in a folder of its own (system services untouched), started in the foreground
 * (`sshd -D -e`) and stopped by pid. Waits until the port answers with an SSH banner.
 */
export async function startSshd(options: StartSshdOptions = {}): Promise<StartedSshd> {
  if (!fs.existsSync(SSHD_BINARY)) throw new Error(SSHD_MISSING);
  const temp = options.dir === undefined;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vplan-sshd-'));
  fs.mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKeyFile = path.join(dir, 'client_ed25519');
  const strangerKeyFile = path.join(dir, 'stranger_ed25519');
  await Promise.all([
    keygen(hostKey, 'vplan-test-host'),
    keygen(clientKeyFile, 'vplan-test-client'),
    keygen(strangerKeyFile, 'vplan-test-stranger'),
  ]);
  fs.copyFileSync(`${clientKeyFile}.pub`, path.join(dir, 'authorized_keys'));
  const configFile = path.join(dir, 'sshd_config');
  fs.writeFileSync(configFile, sshdConfig(dir, port));
  // sshd refuses to start without its privilege separation directory.
  fs.mkdirSync('/run/sshd', { recursive: true });
  const logFile = path.join(dir, 'sshd.log');
  const proc = await spawnLogged({
    name: 'sshd',
    command: SSHD_BINARY,
    args: ['-D', '-e', '-f', configFile],
    logFile,
  });
  try {
    await waitReady(proc, () => banner(port), {
      timeoutMs: options.readyTimeoutMs ?? 15_000,
      what: `answer on 127.0.0.1:${port}`,
    });
  } catch (error) {
    killNow(proc);
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    username: os.userInfo().username,
    clientKey: fs.readFileSync(clientKeyFile, 'utf8'),
    strangerKey: fs.readFileSync(strangerKeyFile, 'utf8'),
    hostKeyFingerprint: await fingerprint(`${hostKey}.pub`),
    dir,
    logFile,
    process: proc,
    stop: async () => {
      await stopPid(proc.pid, { graceMs: 5000 });
      if (temp) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
