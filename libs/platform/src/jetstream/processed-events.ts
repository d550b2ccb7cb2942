import type { Collection, Connection } from 'mongoose';

interface ProcessedEventDoc {
  _id: string;
  at: Date;
}

/**
 * Remembers which events a consumer has handled, one document per `<consumer>:<eventId>`
 * (`_id`, so the server enforces insert-once; no TTL: FerretDB has none). A durable
 * consumer checks it before the handler and marks the event after the handler's write,
 * so a redelivered event is skipped. A crash between the write and the mark repeats the
 * write once: make writes idempotent on the event id (upsert by it) for exactly-once.
 */
export class ProcessedEvents {
  private readonly collection: Collection<ProcessedEventDoc>;

  constructor(connection: Connection, collectionName = 'processed_events') {
    this.collection = connection.collection<ProcessedEventDoc>(collectionName);
  }

  /** Whether `consumer` already handled `eventId`. */
  async seen(consumer: string, eventId: string): Promise<boolean> {
    return (
      (await this.collection.countDocuments({ _id: key(consumer, eventId) }, { limit: 1 })) > 0
    );
  }

  /** Records `eventId` as handled; false when it already was (duplicate key). */
  async mark(consumer: string, eventId: string): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: key(consumer, eventId), at: new Date() });
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 11000) return false;
      throw err;
    }
  }
}

function key(consumer: string, eventId: string): string {
  return `${consumer}:${eventId}`;
}
