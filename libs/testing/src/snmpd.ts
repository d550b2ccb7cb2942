import crypto from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import snmp from 'net-snmp';
import { hostProcess, readEnv } from './host-process';
import { errorMessage } from './paths';
import { killNow, spawnLogged, stopPid, waitReady, type LoggedProcess } from './processes';

// A real Net-SNMP agent for the SNMP probe's tests (PEERS.md): Debian's snmpd on a loopback
// UDP port with its own config, a generated v2c community and a v3 authPriv user (SHA/AES).

export const SNMPD_MISSING =
  'snmpd is not installed: run `apt-get install -y snmpd snmp` (Debian/Ubuntu, as root), ' +
  'or set SNMPD_BIN to a Net-SNMP agent';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

export interface StartSnmpdOptions {
  /** Config, persistent state, log and pid file go here (created; default: a new temp dir, removed on stop). */
  dir?: string;
  /** UDP port on 127.0.0.1 (default: a free one, picked again if snmpd cannot bind it). */
  port?: number;
  /** Default 15 000 ms. */
  readyTimeoutMs?: number;
}

export interface StartedSnmpd {
  host: '127.0.0.1';
  port: number;
  /** The read-only v2c community (generated). */
  community: string;
  /** The read-only v3 user, authPriv with SHA and AES (pass phrases generated, ≥ 8 characters). */
  v3: { user: string; authKey: string; privKey: string };
  process: LoggedProcess;
  dir: string;
  stop: () => Promise<void>;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The snmpd binary: `SNMPD_BIN`, `snmpd` on PATH or in /usr/sbin; undefined when none. */
export function findSnmpd(): string | undefined {
  const configured = readEnv('SNMPD_BIN');
  if (configured !== undefined) return isExecutable(configured) ? configured : undefined;
  const dirs = (readEnv('PATH') ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const dir of [...dirs, '/usr/sbin', '/usr/local/sbin']) {
    const candidate = path.join(dir, 'snmpd');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** A UDP port on 127.0.0.1 that nothing is bound to right now (the OS picks it). */
export async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

const secret = (bytes: number): string => crypto.randomBytes(bytes).toString('hex');

/**
 * Starts snmpd in the foreground (`-f -C -c <conf> -Lf <log> -p <pid>`, no system config,
 * numeric OIDs only) and waits until a v2c GET of sysDescr answers. The listening address is
 * written in the config only: given on the command line as well, snmpd binds it twice and
 * exits with "Error opening specified endpoint".
 */
export async function startSnmpd(options: StartSnmpdOptions = {}): Promise<StartedSnmpd> {
  const binary = findSnmpd();
  if (binary === undefined) throw new Error(SNMPD_MISSING);
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vplan-snmpd-'));
  const community = `c${secret(8)}`;
  const v3 = { user: `u${secret(4)}`, authKey: `a${secret(8)}`, privKey: `p${secret(8)}` };
  let attempt = 0;
  for (;;) {
    attempt++;
    const port = options.port ?? (await freeUdpPort());
    try {
      const proc = await launch(binary, dir, port, community, v3, options.readyTimeoutMs);
      const stop = async (): Promise<void> => {
        await stopPid(proc.pid, { graceMs: 5_000 });
        if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
      };
      return { host: '127.0.0.1', port, community, v3, process: proc, dir, stop };
    } catch (error) {
      // Another process may have taken the picked port between the pick and snmpd's bind.
      if (options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function launch(
  binary: string,
  dir: string,
  port: number,
  community: string,
  v3: StartedSnmpd['v3'],
  readyTimeoutMs = 15_000,
): Promise<LoggedProcess> {
  const persist = path.join(dir, 'persist');
  fs.rmSync(persist, { recursive: true, force: true });
  fs.mkdirSync(persist, { recursive: true });
  const conf = path.join(dir, 'snmpd.conf');
  fs.writeFileSync(
    conf,
    [
      `agentAddress udp:127.0.0.1:${port}`,
      `rocommunity ${community} 127.0.0.1`,
      `createUser ${v3.user} SHA "${v3.authKey}" AES "${v3.privKey}"`,
      `rouser ${v3.user} authpriv`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const logFile = path.join(dir, 'snmpd.log');
  const proc = await spawnLogged({
    name: 'snmpd',
    command: binary,
    args: ['-f', '-C', '-c', conf, '-Lf', logFile, '-p', path.join(dir, 'snmpd.pid')],
    logFile: path.join(dir, 'snmpd.out'),
    env: { ...hostProcess.env, SNMP_PERSISTENT_DIR: persist, MIBDIRS: '/nonexistent', MIBS: '' },
  });
  try {
    await waitReady(proc, () => sysDescrAnswers(port, community), {
      timeoutMs: readyTimeoutMs,
      what: `answer a GET of sysDescr at udp:127.0.0.1:${port}`,
    });
  } catch (error) {
    killNow(proc);
    throw new Error(`${errorMessage(error)}\nsnmpd log:\n${tailLog(logFile)}`);
  }
  return proc;
}

function tailLog(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-10).join('\n');
  } catch {
    return '(none)';
  }
}

/** Undefined once a v2c GET of sysDescr answers, else why not. */
async function sysDescrAnswers(port: number, community: string): Promise<string | undefined> {
  const session = snmp.createSession('127.0.0.1', community, {
    port,
    version: snmp.Version2c,
    timeout: 300,
    retries: 0,
  });
  session.on('error', () => undefined);
  try {
    return await new Promise<string | undefined>((resolve) => {
      session.get([SYS_DESCR], (error, varbinds) => {
        if (error) resolve(error.name);
        else if (varbinds?.[0] === undefined || snmp.isVarbindError(varbinds[0]))
          resolve('no sysDescr');
        else resolve(undefined);
      });
    });
  } finally {
    try {
      session.close();
    } catch {
      // already closed
    }
  }
}
