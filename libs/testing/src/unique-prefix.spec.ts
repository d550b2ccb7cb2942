import { uniquePrefix } from './unique-prefix';

describe('uniquePrefix', () => {
  it('starts with t and the cleaned label, then 8 random characters', () => {
    const prefix = uniquePrefix('Peers: NATS/Mongo');
    expect(prefix).toMatch(/^tpeersnatsm[0-9a-z]{8}$/);
  });

  it('is safe as a subject token, a stream name and a database name', () => {
    for (const label of ['', 'inventory', 'a.b>c*d', 'ÜBER_long-label-here']) {
      const prefix = uniquePrefix(label);
      expect(prefix).toMatch(/^t[a-z0-9]{8,18}$/);
    }
  });

  it('differs from call to call', () => {
    const prefixes = new Set(Array.from({ length: 200 }, () => uniquePrefix('x')));
    expect(prefixes.size).toBe(200);
  });
});
