import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Credential, CredentialCreate, CredentialKind, Page } from '@vplan/contracts';
import { AppError } from '@vplan/platform';
import type { SnmpCredential, SshCredential, VsphereCredential } from '@vplan/probes';
import { Schema, type Connection, type Model } from 'mongoose';
import { Keyring, type SealedSecret } from './keyring';

interface CredentialDoc {
  _id: string;
  name: string;
  kind: CredentialKind;
  username?: string;
  description?: string;
  createdAt: Date;
  createdBy?: string;
  /** The secret, AES-256-GCM encrypted; the plaintext is never stored. */
  sealed: SealedSecret;
}

const credentialSchema = new Schema<CredentialDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    username: String,
    description: String,
    createdAt: { type: Date, required: true },
    createdBy: String,
    sealed: {
      alg: { type: String, required: true },
      keyId: { type: String, required: true },
      iv: { type: String, required: true },
      tag: { type: String, required: true },
      data: { type: String, required: true },
    },
  },
  { versionKey: false, autoIndex: false },
);
credentialSchema.index({ name: 1 }, { unique: true });

/** What authenticates the AES-GCM data: the record it belongs to. */
const contextOf = (id: string) => `vplan-credential:${id}`;

/**
 * Credentials for the probes (collection `credentials`): the secret is sealed with the
 * keyring's current key on the way in and never leaves in a response; `secretOf` (for
 * the probes of a later release) opens it.
 */
@Injectable()
export class CredentialsService implements OnModuleInit {
  private readonly model: Model<CredentialDoc>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(Keyring) private readonly keyring: Keyring,
  ) {
    this.model = connection.model<CredentialDoc>('Credential', credentialSchema, 'credentials');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  async create(input: CredentialCreate, actor?: string): Promise<Credential> {
    const id = randomUUID();
    const doc: CredentialDoc = {
      _id: id,
      name: input.name,
      kind: input.kind,
      ...(input.username ? { username: input.username } : {}),
      ...(input.description ? { description: input.description } : {}),
      createdAt: new Date(),
      ...(actor ? { createdBy: actor } : {}),
      // Strings and named parts alike, as JSON: `secretOf` gives back the same value.
      sealed: this.keyring.seal(JSON.stringify(input.secret), contextOf(id)),
    };
    try {
      await this.model.create(doc);
    } catch (err) {
      if ((err as { code?: unknown }).code === 11000) {
        throw new AppError('CONFLICT', `credential ${input.name} already exists`, [
          { path: 'name', message: 'already used by another credential' },
        ]);
      }
      throw err;
    }
    return view(doc);
  }

  async get(id: string): Promise<Credential> {
    const doc = await this.model.findById(id).lean();
    if (!doc) throw new AppError('NOT_FOUND', `credential ${id} not found`);
    return view(doc);
  }

  /** In name order; `after` is the last name of the previous page. */
  async list(query: { limit: number; after?: string }): Promise<Page<Credential>> {
    const docs = await this.model
      .find(query.after ? { name: { $gt: query.after } } : {}, { sealed: 0 })
      .sort({ name: 1 })
      .limit(query.limit + 1)
      .lean();
    const items = docs.slice(0, query.limit).map(view);
    const last = items[items.length - 1];
    return docs.length > query.limit && last ? { items, next: last.name } : { items };
  }

  async missing(ids: readonly string[]): Promise<string[]> {
    const have = await this.kindsOf(ids);
    return ids.filter((id) => !have.has(id));
  }

  /** The kind of each stored credential of `ids` (absent: no such credential). */
  async kindsOf(ids: readonly string[]): Promise<Map<string, CredentialKind>> {
    const found = await this.model.find({ _id: { $in: [...ids] } }, { _id: 1, kind: 1 }).lean();
    return new Map(found.map((d) => [d._id, d.kind] as const));
  }

  /**
   * The credential opened for a probe, or why it cannot be used (its id and what is wrong,
   * never the secret). Never return or log the value.
   */
  async probeCredentialOf(id: string): Promise<ProbeCredentialOutcome> {
    const doc = await this.model.findById(id).lean();
    if (!doc)
      return {
        ok: false,
        message: `credential ${id}: not found (deleted since the scan was created?)`,
      };
    const secret = JSON.parse(
      this.keyring.open(doc.sealed, contextOf(id)),
    ) as CredentialCreate['secret'];
    return toProbeCredential(id, doc.kind, doc.username, secret);
  }

  /** Deletes the credential and its sealed secret; false when there was none. */
  async delete(id: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: id })).deletedCount === 1;
  }

  /** The plaintext secret, for a probe about to use it. Never return or log it. */
  async secretOf(id: string): Promise<CredentialCreate['secret']> {
    const doc = await this.model.findById(id).lean();
    if (!doc) throw new AppError('NOT_FOUND', `credential ${id} not found`);
    return JSON.parse(this.keyring.open(doc.sealed, contextOf(id))) as CredentialCreate['secret'];
  }
}

/** A stored credential as responses show it: the contract's fields only, never `sealed`. */
function view(doc: Omit<CredentialDoc, 'sealed'>): Credential {
  return {
    id: doc._id,
    name: doc.name,
    kind: doc.kind,
    ...(doc.username ? { username: doc.username } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    createdAt: doc.createdAt.toISOString(),
    ...(doc.createdBy ? { createdBy: doc.createdBy } : {}),
  };
}

/** A stored credential as a probe takes it. */
export type ProbeCredential =
  | { readonly kind: 'ssh'; readonly ssh: SshCredential }
  | { readonly kind: 'snmp'; readonly snmp: SnmpCredential }
  | { readonly kind: 'vsphere'; readonly vsphere: VsphereCredential }
  | { readonly kind: 'prometheus'; readonly bearerToken: string }
  | { readonly kind: 'kubernetes'; readonly kubeconfig: string };

export type ProbeCredentialOutcome =
  | { readonly ok: true; readonly value: ProbeCredential }
  | { readonly ok: false; readonly message: string };

const AUTH_PROTOCOLS = ['sha', 'sha256', 'md5'] as const;
const PRIV_PROTOCOLS = ['aes', 'des'] as const;

/**
 * A credential's kind, user name and secret as the probe of its kind takes them, or what is
 * wrong with its shape (`credential <id>: …`; the message never holds a secret value):
 * - `ssh-password`: user name + the password; `ssh-key`: user name + the private key, or
 *   parts `{ key, passphrase? }`;
 * - `snmp-v2c`: the community; `snmp-v3`: user name + parts `{ auth, priv, auth_protocol?
 *   (sha, sha256, md5), priv_protocol? (aes, des) }`;
 * - `vsphere`: user name + password; `prometheus`: a bearer token; `kubernetes`: a kubeconfig.
 */
export function toProbeCredential(
  id: string,
  kind: CredentialKind,
  username: string | undefined,
  secret: CredentialCreate['secret'],
): ProbeCredentialOutcome {
  const bad = (what: string): ProbeCredentialOutcome => ({
    ok: false,
    message: `credential ${id} (${kind}): ${what}`,
  });
  const text = typeof secret === 'string' ? secret : undefined;
  const parts = typeof secret === 'string' ? undefined : secret;
  const needsUser =
    kind === 'ssh-password' || kind === 'ssh-key' || kind === 'snmp-v3' || kind === 'vsphere';
  if (needsUser && !username) return bad('has no username');
  const user = username ?? '';
  switch (kind) {
    case 'ssh-password':
      if (text === undefined) return bad('the secret must be the password, not named parts');
      return { ok: true, value: { kind: 'ssh', ssh: { username: user, password: text } } };
    case 'ssh-key': {
      const key = text ?? parts?.['key'];
      if (key === undefined)
        return bad('the secret must be the private key, or parts { key, passphrase }');
      if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(key))
        return bad('the key is not a PEM/OpenSSH private key');
      const passphrase = parts?.['passphrase'];
      return {
        ok: true,
        value: {
          kind: 'ssh',
          ssh: { username: user, privateKey: key, ...(passphrase ? { passphrase } : {}) },
        },
      };
    }
    case 'snmp-v2c':
      if (text === undefined) return bad('the secret must be the community, not named parts');
      return { ok: true, value: { kind: 'snmp', snmp: { version: '2c', community: text } } };
    case 'snmp-v3': {
      const auth = parts?.['auth'];
      const priv = parts?.['priv'];
      if (auth === undefined || priv === undefined)
        return bad('the secret must be parts { auth, priv }');
      if (auth.length < 8 || priv.length < 8)
        return bad('the auth and priv pass phrases need 8 characters or more');
      const authProtocol = parts?.['auth_protocol'];
      const privProtocol = parts?.['priv_protocol'];
      if (
        authProtocol !== undefined &&
        !(AUTH_PROTOCOLS as readonly string[]).includes(authProtocol)
      )
        return bad(`auth_protocol must be one of ${AUTH_PROTOCOLS.join(', ')}`);
      if (
        privProtocol !== undefined &&
        !(PRIV_PROTOCOLS as readonly string[]).includes(privProtocol)
      )
        return bad(`priv_protocol must be one of ${PRIV_PROTOCOLS.join(', ')}`);
      return {
        ok: true,
        value: {
          kind: 'snmp',
          snmp: {
            version: '3',
            user,
            authKey: auth,
            privKey: priv,
            ...(authProtocol
              ? { authProtocol: authProtocol as (typeof AUTH_PROTOCOLS)[number] }
              : {}),
            ...(privProtocol
              ? { privProtocol: privProtocol as (typeof PRIV_PROTOCOLS)[number] }
              : {}),
          },
        },
      };
    }
    case 'vsphere':
      if (text === undefined) return bad('the secret must be the password, not named parts');
      return { ok: true, value: { kind: 'vsphere', vsphere: { username: user, password: text } } };
    case 'prometheus':
      if (text === undefined) return bad('the secret must be the bearer token, not named parts');
      return { ok: true, value: { kind: 'prometheus', bearerToken: text } };
    case 'kubernetes':
      if (text === undefined) return bad('the secret must be the kubeconfig, not named parts');
      return { ok: true, value: { kind: 'kubernetes', kubeconfig: text } };
  }
}
