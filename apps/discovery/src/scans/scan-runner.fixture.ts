import { randomBytes } from 'node:crypto';
import {
  DISCOVERY,
  INVENTORY,
  STREAMS,
  eventEnvelopeSchema,
  observationSchema,
  prefixed,
  type AssetIdentity,
  type ScanJob,
} from '@vplan/contracts';
import { TEST_TOKENS, type TestService } from '@vplan/service-testing';
import { eventually } from '@vplan/testing';
import { AckPolicy, DeliverPolicy, type NatsConnection, type Subscription } from 'nats';

// Helpers of the scan runner's integration tests: HTTP calls, waiting for a status, and
// reading what a stream holds.

export function scanHelpers(h: () => TestService, prefix: string) {
  const http = async <T = ScanJob>(
    route: string,
    body?: unknown,
    role: keyof typeof TEST_TOKENS = 'operator',
  ) => {
    const res = await fetch(`${h().base}/api/v1${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${TEST_TOKENS[role]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as T };
  };

  const until = (id: string, status: ScanJob['status'], timeoutMs = 20_000) =>
    eventually(
      async () => {
        const { json } = await http(`/scans/${id}`);
        if (json.status !== status)
          throw new Error(
            `scan ${id} is ${json.status}, not ${status}${json.error ? `: ${json.error.message}` : ''}`,
          );
        return json;
      },
      { timeoutMs, intervalMs: 200 },
    );

  /** Every message of one subject on one stream (by its unprefixed name) so far, as JSON. */
  async function messagesOf(streamName: string, subject: string): Promise<unknown[]> {
    const { nc } = h();
    const jsm = await nc.jetstreamManager();
    const stream = prefixed(prefix, streamName);
    const name = `test-${randomBytes(4).toString('hex')}`;
    await jsm.consumers.add(stream, {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: prefixed(prefix, subject),
    });
    const consumer = await nc.jetstream().consumers.get(stream, name);
    const pending = (await consumer.info()).num_pending;
    const seen: unknown[] = [];
    while (seen.length < pending) {
      const batch = await consumer.fetch({ max_messages: pending - seen.length, expires: 1000 });
      for await (const m of batch) {
        seen.push(m.json());
        m.ack();
      }
    }
    await jsm.consumers.delete(stream, name);
    return seen;
  }

  /** Every event of one subject on the discovery stream so far. */
  const eventsOf = (subject: string) => messagesOf(STREAMS.VPLAN_EVT_DISCOVERY.name, subject);

  return { http, until, messagesOf, eventsOf };
}

/** An asset id for an identity, as the test's inventory answers: from its strongest key. */
export const assetOf = (i: AssetIdentity) =>
  `asset-${i.vmUuid ?? i.biosUuid ?? i.hostname ?? i.ips?.[0] ?? 'x'}`;

const shares = (a: AssetIdentity, b: AssetIdentity) =>
  (['biosUuid', 'vmUuid', 'serial', 'sshHostKey', 'hostname', 'fqdn'] as const).some(
    (k) => a[k] !== undefined && a[k] === b[k],
  ) ||
  (a.ips ?? []).some((ip) => b.ips?.includes(ip)) ||
  (a.macs ?? []).some((m) => b.macs?.includes(m));

/**
 * A stand-in for the inventory service (a test double of a service, not of a protocol): a
 * real NATS responder of `INVENTORY.resolveIdentities` that matches each identity against
 * the observations on the stream (`answer() === 'none'`: matches nothing).
 */
export function inventoryStandIn(
  nc: NatsConnection,
  prefix: string,
  answer: () => 'match' | 'none',
  eventsOf: (subject: string) => Promise<unknown[]>,
): Subscription {
  const observationEvent = eventEnvelopeSchema(observationSchema);
  return nc.subscribe(prefixed(prefix, INVENTORY.resolveIdentities.subject), {
    callback: (_err, msg) => {
      void (async () => {
        const { identities } = INVENTORY.resolveIdentities.request.parse(msg.json());
        const seen = (await eventsOf(DISCOVERY.observationRecorded.subject)).map(
          (e) => observationEvent.parse(e).data.identity,
        );
        const matches = identities.map((i) => {
          const found = answer() === 'match' ? seen.find((o) => shares(o, i)) : undefined;
          return found ? { assetId: assetOf(found), rule: 'hostname' as const, key: 'k' } : null;
        });
        msg.respond(JSON.stringify({ ok: true, data: { matches } }));
      })();
    },
  });
}
