import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { hostProcess } from './host-process';
import { repoRoot } from './paths';
import {
  freePort,
  killNow,
  spawnLogged,
  stopPid,
  waitReady,
  type LoggedProcess,
} from './processes';

/** tools/vcsim/build.js: builds govmomi's vcsim v0.46.0 into the user's cache when missing. */
export const VCSIM_BUILD_SCRIPT = path.join(repoRoot, 'tools', 'vcsim', 'build.js');

/** Builds vcsim when missing (progress on stderr) and returns the binary's path. */
export async function buildVcsim(): Promise<string> {
  const child = spawn(hostProcess.execPath, [VCSIM_BUILD_SCRIPT], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `building vcsim failed (node ${path.relative(repoRoot, VCSIM_BUILD_SCRIPT)} exited with ${code}; its reason is on stderr above)`,
    );
  }
  return stdout.trim();
}

export interface StartVcsimOptions {
  /** Loopback port; default a free one. */
  port?: number;
  /** Folder for the log (created); default a new temp folder, removed on stop. */
  dir?: string;
  /** Default 30 000 ms (after the build). */
  readyTimeoutMs?: number;
}

export interface StartedVcsim {
  /** `https://127.0.0.1:<port>/sdk` (self-signed certificate). */
  url: string;
  port: number;
  /** The only credentials vcsim accepts (set with -username/-password). */
  username: string;
  password: string;
  logFile: string;
  process: LoggedProcess;
  /** SIGTERM (then SIGKILL) by pid; removes a temp folder it created. */
  stop: () => Promise<void>;
}

/** Resolves undefined once POST /sdk answers with a SOAP envelope, else the reason. */
async function soapAnswers(url: string): Promise<string | undefined> {
  const body =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
    '<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent>' +
    '</soapenv:Body></soapenv:Envelope>';
  return new Promise((resolve) => {
    const request = https.request(
      url,
      {
        method: 'POST',
        rejectUnauthorized: false,
        timeout: 1000,
        headers: { 'Content-Type': 'text/xml', SOAPAction: 'urn:vim25/6.5' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve(
            text.includes('RetrieveServiceContentResponse')
              ? undefined
              : `HTTP ${response.statusCode}`,
          ),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 1 s')));
    request.on('error', (error) => resolve(error.message));
    request.end(body);
  });
}

/**
 * govmomi's vCenter simulator (default inventory: 1 datacenter, 1 cluster of 3 hosts, 1
 * standalone host, 4 VMs) on a loopback port, with known credentials (any other user or
 * password is refused), started in the foreground and stopped by pid. Waits until
 * POST /sdk answers RetrieveServiceContent.
 */
export async function startVcsim(options: StartVcsimOptions = {}): Promise<StartedVcsim> {
  const binary = await buildVcsim();
  const temp = options.dir === undefined;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vplan-vcsim-'));
  fs.mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const username = 'vplan-probe';
  const password = 'vcsim-Secret-7f3a';
  const url = `https://127.0.0.1:${port}/sdk`;
  const logFile = path.join(dir, 'vcsim.log');
  const proc = await spawnLogged({
    name: 'vcsim',
    command: binary,
    // -E /dev/null: vcsim otherwise prints GOVC_URL, credentials included, into the log.
    args: [
      '-l',
      `127.0.0.1:${port}`,
      '-username',
      username,
      '-password',
      password,
      '-E',
      '/dev/null',
    ],
    logFile,
  });
  try {
    await waitReady(proc, () => soapAnswers(url), {
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      what: `answer POST ${url}`,
    });
  } catch (error) {
    killNow(proc);
    throw error;
  }
  return {
    url,
    port,
    username,
    password,
    logFile,
    process: proc,
    stop: async () => {
      await stopPid(proc.pid, { graceMs: 5000 });
      if (temp) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
