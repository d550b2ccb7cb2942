import { seededRandom, shuffleInPlace, type Random } from '@vplan/domain';
import { IDENTITY_CORPUS, mergeLine } from './identity-corpus.fixture';
import { IDENTITY_RULES, type IdentityObservation } from './observation';
import { reconcile } from './reconcile';
import { normalizeUuid, uuidClassKey } from './uuid';

const members = (r: ReturnType<typeof reconcile>) => r.machines.map((m) => [...m.members]);

/** A copy of the observations in another order, with each list of keys reordered too. */
function shuffled(
  observations: readonly IdentityObservation[],
  random: Random,
): IdentityObservation[] {
  return shuffleInPlace(
    observations.map((o) => ({
      ...o,
      keys: {
        ...o.keys,
        ...(o.keys.macs ? { macs: shuffleInPlace([...o.keys.macs], random) } : {}),
        ...(o.keys.ips ? { ips: shuffleInPlace([...o.keys.ips], random) } : {}),
      },
    })),
    random,
  );
}

describe('reconcile', () => {
  describe.each(IDENTITY_CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = reconcile(c.observations);

    it('forms the expected machines', () => {
      expect(members(result)).toEqual(
        c.machines
          .map((m) => [...m].sort())
          .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
      );
    });

    it('records the rule of each merge and the refused links', () => {
      if (c.rules) expect(result.machines.flatMap((m) => m.merges.map(mergeLine))).toEqual(c.rules);
      for (const r of c.refusals ?? [])
        expect(result.refusals).toContainEqual(expect.objectContaining(r));
    });
  });

  it('names each machine by its smallest member id and marks it live if a member is', () => {
    const r = reconcile([
      { id: 'z', source: 'a', keys: { serial: 'SN-1' }, live: false },
      { id: 'm', source: 'b', keys: { serial: 'SN-1' } },
      { id: 'q', source: 'b', keys: { serial: 'SN-2' }, live: false },
    ]);
    expect(r.machines.map((m) => [m.id, m.live])).toEqual([
      ['m', true],
      ['q', false],
    ]);
  });

  it('does not depend on the order of observations or of their keys', () => {
    const all = IDENTITY_CORPUS.flatMap((c, n) =>
      c.observations.map((o) => ({ ...o, id: `${n}/${o.id}` })),
    );
    const expected = reconcile(all);
    for (let seed = 1; seed <= 25; seed++)
      expect(reconcile(shuffled(all, seededRandom(seed)))).toEqual(expected);
  });

  it('never puts two different BIOS UUIDs in one machine, in any order', () => {
    const random = seededRandom(7);
    const uuids = ['4c4c4544-0000-1111-2222-000000000001', '4c4c4544-0000-1111-2222-000000000002'];
    const observations: IdentityObservation[] = Array.from({ length: 300 }, (_, i) => ({
      id: `o${i}`,
      source: `s${random.int(3)}`,
      keys: {
        ...(random.next() < 0.3 ? { biosUuid: uuids[random.int(2)] } : {}),
        ...(random.next() < 0.5 ? { macs: [`3c:ec:ef:00:00:0${random.int(4)}`] } : {}),
        ...(random.next() < 0.5 ? { fqdn: `h${random.int(5)}.corp.example` } : {}),
        ...(random.next() < 0.5
          ? { hostname: `h${random.int(5)}`, ips: [`10.0.0.${random.int(5) + 1}`] }
          : {}),
      },
      live: random.next() < 0.8,
    }));
    const byId = new Map(observations.map((o) => [o.id, o]));
    for (const seed of [1, 2, 3]) {
      const r = reconcile(shuffled(observations, seededRandom(seed)));
      for (const m of r.machines) {
        const classes = new Set(
          m.members.flatMap((id) => {
            const u = normalizeUuid(byId.get(id)?.keys.biosUuid);
            return u ? [uuidClassKey(u)] : [];
          }),
        );
        expect(classes.size).toBeLessThanOrEqual(1);
      }
    }
  });

  it('applies only the rules it is given, strongest first', () => {
    const observations: IdentityObservation[] = [
      { id: 'a', source: 's', keys: { serial: 'SN-9', fqdn: 'a.corp.example' } },
      { id: 'b', source: 's', keys: { serial: 'SN-9', fqdn: 'a.corp.example' } },
    ];
    expect(reconcile(observations, { rules: ['fqdn'] }).machines[0]?.merges[0]?.rule).toBe('fqdn');
    expect(reconcile(observations, { rules: ['hostname-ip'] }).machines).toHaveLength(2);
    expect(IDENTITY_RULES[0]).toBe('bios-uuid');
  });

  it('keeps clones with a copied BIOS UUID apart when VM UUIDs come first in the chain', () => {
    const bios = '4c4c4544-0042-3510-8052-b7c04f4e3132';
    const observations: IdentityObservation[] = [
      {
        id: 'a',
        source: 'vc',
        keys: { biosUuid: bios, vmUuid: '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4e' },
      },
      {
        id: 'b',
        source: 'vc',
        keys: { biosUuid: bios, vmUuid: '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4f' },
      },
    ];
    expect(members(reconcile(observations))).toEqual([['a', 'b']]);
    const [first, second, ...rest] = IDENTITY_RULES;
    const vmFirst = reconcile(observations, {
      rules: [second, first, ...rest] as typeof IDENTITY_RULES,
    });
    expect(members(vmFirst)).toEqual([['a'], ['b']]);
    expect(vmFirst.refusals).toEqual([
      {
        observation: 'b',
        with: 'a',
        rule: 'bios-uuid',
        key: bios,
        reason: 'conflict',
        on: 'vm-uuid',
      },
    ]);
  });

  it('lets a virtual MAC join UUID-carrying records only when told to', () => {
    const observations: IdentityObservation[] = [
      {
        id: 'a',
        source: 'ssh',
        keys: { biosUuid: '4c4c4544-0042-3510-8052-b7c04f4e3132', macs: ['00:50:56:01:02:03'] },
      },
      {
        id: 'b',
        source: 'vc',
        keys: { vmUuid: '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4e', macs: ['00:50:56:01:02:03'] },
      },
      { id: 'c', source: 'arp', keys: { macs: ['00:50:56:01:02:03'] } },
    ];
    expect(members(reconcile(observations, { virtualMacs: 'always' }))).toEqual([['a', 'b', 'c']]);
    expect(members(reconcile(observations, { virtualMacs: 'never' }))).toEqual([
      ['a'],
      ['b'],
      ['c'],
    ]);
    expect(members(reconcile(observations))).toEqual([['a', 'c'], ['b']]);
  });

  it('refuses duplicate ids and unknown or repeated rules', () => {
    const o = { id: 'x', source: 's', keys: {} };
    expect(() => reconcile([o, o])).toThrow(/duplicate observation id x/);
    expect(() => reconcile([o], { rules: ['mac', 'mac'] })).toThrow(/twice/);
    expect(() => reconcile([o], { rules: ['name' as never] })).toThrow(/unknown rule/);
  });
});
