import https from 'node:https';
import { envelope, parseSoapReply, type SoapFault, type XmlNode } from './soap-xml';

// One HTTPS connection pool per vCenter session, speaking vim25 SOAP. node:https rather
// than fetch: Node 20 bundles undici without exporting its Agent (the repo has no undici
// package), and certificate checks can only be relaxed per request through an agent; the
// raw response stream also lets the size limit stop reading at the limit, not after.

/**
 * Where a vSphere probe failed: `connect` (TCP refused, unreachable, reset), `tls` (the
 * certificate is not trusted or the handshake failed), `auth` (login refused, session not
 * authenticated or not permitted), `protocol` (a fault, an HTTP error or a reply that is not
 * vim25 SOAP, or one above the size limit), `timeout` (no answer in time), `cancelled`.
 */
export type VsphereProbeStage = 'connect' | 'tls' | 'auth' | 'protocol' | 'timeout' | 'cancelled';

/** Why a vSphere probe failed. The message names the target, never the password. */
export class VsphereProbeError extends Error {
  override readonly name = 'VsphereProbeError';
  constructor(
    /** The SDK URL without credentials, e.g. `https://vc.example:443/sdk`. */
    readonly target: string,
    readonly stage: VsphereProbeStage,
    message: string,
    /** The vim25 fault type when the server sent a fault (`InvalidLogin` …). */
    readonly fault?: string,
  ) {
    super(message);
  }
}

export interface SoapClientOptions {
  /** `https://host[:port]/sdk`. */
  readonly url: URL;
  /** Accept any certificate (self-signed lab vCenters, vcsim). Default false. */
  readonly insecure?: boolean;
  /** Absolute deadline (epoch ms) for every request of this client. */
  readonly deadline: number;
  /** Longest a single request may take, ms. */
  readonly requestTimeoutMs: number;
  /** A reply longer than this is refused (`protocol`), bytes. */
  readonly maxResponseBytes: number;
  /** `urn:vim25/<version>` in SOAPAction. */
  readonly apiVersion: string;
  readonly signal?: AbortSignal;
}

const AUTH_FAULTS = new Set(['InvalidLogin', 'NotAuthenticated', 'NoPermission', 'InvalidLocale']);
const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|EPROTO$|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** A vim25 SOAP client holding the `vmware_soap_session` cookie between calls. */
export class SoapClient {
  readonly target: string;
  private cookie: string | undefined;
  private readonly agent: https.Agent;

  constructor(private readonly options: SoapClientOptions) {
    const url = new URL(options.url.href);
    url.username = '';
    url.password = '';
    this.target = url.href;
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 2,
      rejectUnauthorized: options.insecure !== true,
    });
  }

  /** The session cookie value, once Login set one (for tests that check Logout). */
  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  fail(stage: VsphereProbeStage, message: string, fault?: string): VsphereProbeError {
    return new VsphereProbeError(this.target, stage, `vSphere ${this.target}: ${message}`, fault);
  }

  /** Calls `method` with the body XML (the method element); returns its response element. */
  async call(method: string, body: string): Promise<XmlNode> {
    const text = await this.post(method, envelope(body));
    const reply = parseSoapReply(text.body, method);
    if (reply.ok) return reply.response;
    if ('fault' in reply) throw this.faultError(method, reply.fault);
    throw this.fail('protocol', `${method}: HTTP ${text.status}, ${reply.unreadable}`);
  }

  private faultError(method: string, fault: SoapFault): VsphereProbeError {
    const stage = fault.type !== undefined && AUTH_FAULTS.has(fault.type) ? 'auth' : 'protocol';
    // faultstring is the server's own text; vCenter does not echo passwords in it, but
    // cut it short anyway so a reply cannot smuggle a long payload into logs.
    const text = fault.message.replace(/\s+/g, ' ').trim().slice(0, 300);
    return this.fail(stage, `${method} failed: ${fault.type ?? 'fault'}: ${text}`, fault.type);
  }

  private post(method: string, payload: string): Promise<{ status: number; body: string }> {
    const { url, deadline, requestTimeoutMs, maxResponseBytes, signal } = this.options;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return Promise.reject(this.fail('timeout', `${method}: the probe ran out of time`));
    }
    if (signal?.aborted) return Promise.reject(this.fail('cancelled', `${method}: cancelled`));
    const timeoutMs = Math.min(remaining, requestTimeoutMs);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (
        error: VsphereProbeError | undefined,
        value?: { status: number; body: string },
      ) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) {
          request.destroy();
          reject(error);
        } else resolve(value as { status: number; body: string });
      };
      const onAbort = (): void => settle(this.fail('cancelled', `${method}: cancelled`));
      const timer = setTimeout(
        () => settle(this.fail('timeout', `${method}: no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      const request = https.request(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port === '' ? 443 : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          agent: this.agent,
          headers: {
            'Content-Type': 'text/xml; charset=utf-8',
            SOAPAction: `urn:vim25/${this.options.apiVersion}`,
            'Content-Length': Buffer.byteLength(payload),
            ...(this.cookie !== undefined ? { Cookie: `vmware_soap_session=${this.cookie}` } : {}),
          },
        },
        (response) => {
          this.keepCookie(response.headers['set-cookie']);
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxResponseBytes) {
              settle(
                this.fail(
                  'protocol',
                  `${method}: reply larger than ${maxResponseBytes} bytes (refused)`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', (error) => settle(this.networkError(method, error)));
          response.on('end', () =>
            settle(undefined, {
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      request.on('error', (error) => settle(this.networkError(method, error)));
      request.end(payload);
    });
  }

  private keepCookie(header: string[] | undefined): void {
    for (const line of header ?? []) {
      const found = /(?:^|;\s*)vmware_soap_session=("?)([^";]*)\1/.exec(line);
      if (found?.[2]) this.cookie = found[2];
    }
  }

  private networkError(method: string, error: Error): VsphereProbeError {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (TLS_CODES.test(code)) {
      const hint = this.options.insecure
        ? ''
        : ' (use the insecure option for a self-signed certificate)';
      return this.fail('tls', `${method}: TLS failed: ${code}${hint}`);
    }
    if (code === 'ETIMEDOUT') return this.fail('timeout', `${method}: connection timed out`);
    return this.fail('connect', `${method}: cannot connect (${code || error.message})`);
  }

  /** Closes pooled sockets. */
  close(): void {
    this.agent.destroy();
  }
}
