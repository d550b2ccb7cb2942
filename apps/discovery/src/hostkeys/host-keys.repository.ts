import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ProbeError, type HostKeyStore } from '@vplan/probes';
import { Schema, type Connection, type Model } from 'mongoose';

interface HostKeyDoc {
  /** `host:port`. */
  _id: string;
  /** `SHA256:…` of the key the host offered first. */
  fingerprint: string;
  firstSeen: Date;
  /** The scan that saw it first. */
  scanId?: string;
}

const hostKeySchema = new Schema<HostKeyDoc>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    firstSeen: { type: Date, required: true },
    scanId: String,
  },
  { versionKey: false, autoIndex: false },
);

/**
 * Pinned SSH host keys (collection `hostkeys`, one document per `host:port`), shared by
 * every replica: the first key a host offers is recorded (trust on first use), a later
 * different key is refused by the SSH probe. Pinning is an insert on the `_id`, so of two
 * runners pinning the same host at once the first wins and the second is held to its key.
 */
@Injectable()
export class HostKeysRepository implements OnModuleInit {
  private readonly model: Model<HostKeyDoc>;

  constructor(@InjectConnection() connection: Connection) {
    this.model = connection.model<HostKeyDoc>('HostKey', hostKeySchema, 'hostkeys');
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /** The store a scan's SSH probes use; keys it pins are recorded with `scanId`. */
  storeFor(scanId: string): HostKeyStore {
    return {
      get: async (host, port) =>
        (await this.model.findById(keyOf(host, port), { fingerprint: 1 }).lean())?.fingerprint,
      trust: (host, port, fingerprint) => this.pin(host, port, fingerprint, scanId),
    };
  }

  private async pin(host: string, port: number, fingerprint: string, scanId: string) {
    const _id = keyOf(host, port);
    try {
      await this.model.create({ _id, fingerprint, firstSeen: new Date(), scanId });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      const pinned = (await this.model.findById(_id, { fingerprint: 1 }).lean())?.fingerprint;
      if (pinned !== fingerprint) {
        throw new ProbeError(
          _id,
          'host-key',
          `ssh ${_id}: host key changed while it was pinned by another scan: pinned ${pinned ?? '?'}, offered ${fingerprint}`,
        );
      }
    }
  }

  /** Every pinned key (`host:port` → fingerprint), for tests and operators. */
  async entries(): Promise<Record<string, string>> {
    const docs = await this.model.find({}, { fingerprint: 1 }).lean();
    return Object.fromEntries(docs.map((d) => [d._id, d.fingerprint]));
  }
}

const keyOf = (host: string, port: number): string => `${host}:${port}`;
