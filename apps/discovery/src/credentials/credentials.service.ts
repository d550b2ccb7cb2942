import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Credential, CredentialCreate, CredentialKind, Page } from '@vplan/contracts';
import { AppError } from '@vplan/platform';
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
    const found = await this.model.find({ _id: { $in: [...ids] } }, { _id: 1 }).lean();
    const have = new Set(found.map((d) => d._id));
    return ids.filter((id) => !have.has(id));
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
