import { z } from 'zod';
import { DISCOVERY, credentialSchema } from './discovery';
import { ALL_CONTRACTS } from './registry';

const SECRET_WORDS = /secret|password|passphrase|private.?key|community/i;

/** Every property name anywhere in a JSON Schema, and whether all objects are closed. */
function walk(node: unknown, names: string[], open: string[], at = '#'): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => walk(n, names, open, `${at}/${i}`));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (
    record['type'] === 'object' &&
    record['properties'] &&
    record['additionalProperties'] !== false
  )
    open.push(at);
  if (record['properties']) names.push(...Object.keys(record['properties'] as object));
  for (const [k, v] of Object.entries(record)) walk(v, names, open, `${at}/${k}`);
}

const STORED = {
  id: 'cr-1',
  name: 'linux root',
  kind: 'ssh-password',
  username: 'root',
  createdAt: '2026-01-12T00:00:00Z',
};

describe('credentials', () => {
  it('take the secret on create', () => {
    const req = DISCOVERY.createCredential.request.parse({
      name: 'linux root',
      kind: 'ssh-password',
      username: 'root',
      secret: 's3cret',
    });
    expect(req.secret).toBe('s3cret');
    expect(
      DISCOVERY.createCredential.request.parse({
        name: 'snmp',
        kind: 'snmp-v3',
        username: 'mon',
        secret: { auth: 'a', priv: 'p' },
      }).secret,
    ).toEqual({ auth: 'a', priv: 'p' });
  });

  it('cannot carry a secret in any response', () => {
    expect(credentialSchema.parse(STORED)).toEqual(STORED);
    for (const field of ['secret', 'password', 'encryptedSecret']) {
      expect(credentialSchema.safeParse({ ...STORED, [field]: 'x' }).success).toBe(false);
    }
    const page = DISCOVERY.listCredentials.response;
    expect(page.safeParse({ items: [{ ...STORED, secret: 'x' }] }).success).toBe(false);
    for (const contract of [
      DISCOVERY.createCredential,
      DISCOVERY.getCredential,
      DISCOVERY.listCredentials,
      DISCOVERY.deleteCredential,
    ]) {
      const names: string[] = [];
      const open: string[] = [];
      walk(z.toJSONSchema(contract.response), names, open);
      expect([contract.subject, names.filter((n) => SECRET_WORDS.test(n))]).toEqual([
        contract.subject,
        [],
      ]);
      expect([contract.subject, open]).toEqual([contract.subject, []]);
    }
  });

  it('leave no field named like a secret in any response or event of vplan', () => {
    const leaks: string[] = [];
    for (const c of ALL_CONTRACTS) {
      if (c.kind === 'queue') continue;
      const names: string[] = [];
      walk(z.toJSONSchema(c.kind === 'request' ? c.response : c.data), names, []);
      for (const n of names) if (SECRET_WORDS.test(n)) leaks.push(`${c.subject}: ${n}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('observations', () => {
  it('need at least one identity key', () => {
    const observation = {
      observationId: 'ob-1',
      source: { kind: 'import', name: 'inventory-csv', file: 'x.csv' },
      observedAt: '2026-01-12T00:00:00Z',
      identity: { hostname: 'db-07' },
      attributes: { business: { environment: 'prod' } },
    };
    const event = DISCOVERY.observationRecorded.data;
    expect(event.parse(observation)).toEqual(observation);
    expect(event.safeParse({ ...observation, identity: {} }).success).toBe(false);
    expect(event.safeParse({ ...observation, identity: { macs: [] } }).success).toBe(false);
  });
});
