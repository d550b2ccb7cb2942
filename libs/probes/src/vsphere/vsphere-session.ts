import { SoapClient, VsphereProbeError } from './soap-client';
import { child, childText, el, moRef, moRefXml, type MoRef, type XmlNode } from './soap-xml';

export interface VsphereTarget {
  /** `https://vcenter.example[:port]/sdk` (a bare host gets `https://` and `/sdk`). */
  readonly url: string;
  /** Accept a self-signed certificate. Default false: verified against the system CAs. */
  readonly insecure?: boolean;
}

export interface VsphereCredential {
  readonly username: string;
  readonly password: string;
}

export interface VsphereSessionOptions {
  /** Overall bound on the whole session (login to logout), ms. Default 120 000. */
  readonly timeoutMs?: number;
  /** Bound on one request, ms. Default 60 000. */
  readonly requestTimeoutMs?: number;
  /** Largest reply accepted, bytes. Default 64 MiB (the perf counter list alone is ~0.4 MB). */
  readonly maxResponseBytes?: number;
  /** vim25 version in SOAPAction. Default `6.5` (answered by every vCenter since 6.5). */
  readonly apiVersion?: string;
  readonly signal?: AbortSignal;
}

/** The managed objects a probe needs, from RetrieveServiceContent. */
export interface ServiceContent {
  readonly rootFolder: MoRef;
  readonly propertyCollector: MoRef;
  readonly viewManager: MoRef;
  readonly sessionManager: MoRef;
  readonly perfManager?: MoRef;
  readonly about: {
    readonly fullName?: string;
    readonly apiVersion?: string;
    readonly instanceUuid?: string;
  };
}

/** A logged-in vCenter session: the SOAP client and the service content. */
export interface VsphereSession {
  readonly target: string;
  readonly client: SoapClient;
  readonly content: ServiceContent;
}

const SERVICE_INSTANCE: MoRef = { type: 'ServiceInstance', value: 'ServiceInstance' };

/** `https://host:port/sdk` from what a user types. Throws `connect` for a URL that is not one. */
export function sdkUrl(raw: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new VsphereProbeError(
      '(invalid URL)',
      'connect',
      'vSphere: the vCenter URL is not a URL',
    );
  }
  if (url.protocol !== 'https:') {
    url.username = '';
    url.password = '';
    throw new VsphereProbeError(
      url.href,
      'connect',
      `vSphere ${url.href}: only https:// is supported`,
    );
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk';
  return url;
}

/**
 * Opens one session (RetrieveServiceContent, Login), runs `work` in it and always logs out
 * (Logout in a finally, its own failure ignored so it cannot hide the work's error).
 */
export async function withVsphereSession<T>(
  target: VsphereTarget,
  credential: VsphereCredential,
  options: VsphereSessionOptions,
  work: (session: VsphereSession) => Promise<T>,
): Promise<T> {
  const url = sdkUrl(target.url);
  const client = new SoapClient({
    url,
    insecure: target.insecure ?? false,
    deadline: Date.now() + (options.timeoutMs ?? 120_000),
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    maxResponseBytes: options.maxResponseBytes ?? 64 * 1024 * 1024,
    apiVersion: options.apiVersion ?? '6.5',
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  try {
    const content = await retrieveServiceContent(client);
    await login(client, content.sessionManager, credential);
    try {
      return await work({ target: client.target, client, content });
    } finally {
      await client
        .call(
          'Logout',
          `<Logout xmlns="urn:vim25">${moRefXml('_this', content.sessionManager)}</Logout>`,
        )
        .catch(() => undefined);
    }
  } finally {
    client.close();
  }
}

async function retrieveServiceContent(client: SoapClient): Promise<ServiceContent> {
  const response = await client.call(
    'RetrieveServiceContent',
    `<RetrieveServiceContent xmlns="urn:vim25">${moRefXml('_this', SERVICE_INSTANCE)}</RetrieveServiceContent>`,
  );
  const value = child(response, 'returnval');
  const need = (name: string): MoRef => {
    const ref = moRef(child(value, name));
    if (ref === undefined)
      throw client.fail('protocol', `RetrieveServiceContent: no ${name} (not a vCenter?)`);
    return ref;
  };
  const about: XmlNode | undefined = child(value, 'about');
  const perfManager = moRef(child(value, 'perfManager'));
  const fullName = childText(about, 'fullName');
  const apiVersion = childText(about, 'apiVersion');
  const instanceUuid = childText(about, 'instanceUuid');
  return {
    rootFolder: need('rootFolder'),
    propertyCollector: need('propertyCollector'),
    viewManager: need('viewManager'),
    sessionManager: need('sessionManager'),
    ...(perfManager !== undefined ? { perfManager } : {}),
    about: {
      ...(fullName !== undefined ? { fullName } : {}),
      ...(apiVersion !== undefined ? { apiVersion } : {}),
      ...(instanceUuid !== undefined ? { instanceUuid } : {}),
    },
  };
}

async function login(
  client: SoapClient,
  sessionManager: MoRef,
  credential: VsphereCredential,
): Promise<void> {
  try {
    await client.call(
      'Login',
      `<Login xmlns="urn:vim25">${moRefXml('_this', sessionManager)}${el('userName', credential.username)}${el('password', credential.password)}</Login>`,
    );
  } catch (error) {
    if (error instanceof VsphereProbeError && error.stage === 'auth') {
      // The server's text is dropped: only the user name and what happened are kept.
      throw client.fail(
        'auth',
        `login as ${JSON.stringify(credential.username)} refused (${error.fault ?? 'fault'})`,
        error.fault,
      );
    }
    // Any other failure keeps its text, minus the password should a server echo it.
    if (
      error instanceof VsphereProbeError &&
      credential.password !== '' &&
      error.message.includes(credential.password)
    ) {
      throw new VsphereProbeError(
        error.target,
        error.stage,
        error.message.split(credential.password).join('***'),
        error.fault,
      );
    }
    throw error;
  }
  if (client.sessionCookie === undefined) {
    throw client.fail('protocol', 'Login succeeded but no vmware_soap_session cookie was set');
  }
}
