import { seededRandom } from '@vplan/domain';
import { SITES } from './catalog';
import { planServers, type ServerSpec } from './portfolio';

describe('planServers', () => {
  const servers = planServers(seededRandom(42), 3000);
  const groupBy = (key: (s: ServerSpec) => string | undefined) => {
    const groups = new Map<string, ServerSpec[]>();
    for (const s of servers) {
      const k = key(s);
      if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    return groups;
  };

  it('stops at exactly the requested number of servers', () => {
    for (const count of [0, 1, 13, 250]) {
      expect(planServers(seededRandom(1), count)).toHaveLength(count);
    }
    expect(servers.map((s) => s.index)).toEqual(servers.map((_, i) => i));
  });

  it('groups servers into applications of 1 to 12 servers', () => {
    const sizes = [...groupBy((s) => s.application).values()].map((g) => g.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(12);
    expect(sizes.length).toBeGreaterThan(300);
  });

  it('gives one application one owner, department and cost center', () => {
    for (const group of groupBy((s) => s.application).values()) {
      const first = group[0];
      for (const s of group) {
        expect([s.owner, s.department, s.costCenter]).toEqual([
          first?.owner,
          first?.department,
          first?.costCenter,
        ]);
      }
    }
  });

  it('builds multi-tier applications with web, app and db tiers', () => {
    const tiers = [...groupBy((s) => s.application).values()].map(
      (g) => new Set(g.map((s) => s.role.tier)).size,
    );
    expect(tiers.filter((n) => n === 3).length).toBeGreaterThan(50);
  });

  it('spreads environments in realistic shares', () => {
    const share = (env: string) => servers.filter((s) => s.environment === env).length / 3000;
    expect(share('prod')).toBeGreaterThan(0.45);
    expect(share('prod')).toBeLessThan(0.7);
    expect(share('test')).toBeGreaterThan(0.1);
    expect(share('dev')).toBeGreaterThan(0.08);
    expect(share('dr')).toBeGreaterThan(0.03);
    expect(share('dr')).toBeLessThan(0.12);
  });

  it('pairs every DR replica with its production database in one dr_group, at another site', () => {
    const groups = groupBy((s) => s.drGroup);
    expect(groups.size).toBeGreaterThan(50);
    for (const [group, members] of groups) {
      const dr = members.filter((s) => s.environment === 'dr');
      const prod = members.filter((s) => s.environment === 'prod');
      expect({ group, dr: dr.length, others: members.length - dr.length - prod.length }).toEqual({
        group,
        dr: 1,
        others: 0,
      });
      expect(prod.length).toBeGreaterThan(0);
      for (const p of prod) expect(p.site).not.toBe(dr[0]?.site);
    }
    for (const standby of servers.filter((s) => s.archetype === 'standby')) {
      const primary = servers[standby.replicaOf ?? -1];
      expect(primary?.environment).toBe('prod');
      expect(primary?.role.tier).toBe('db');
      expect(primary?.drGroup).toBe(standby.drGroup);
    }
  });

  it('keeps each anti-affinity group to production servers of one application tier', () => {
    const groups = groupBy((s) => s.antiAffinityGroup);
    expect(groups.size).toBeGreaterThan(100);
    const tiers = new Set([...groups.values()].map((members) => members[0]?.role.tier));
    expect(tiers).toEqual(new Set(['web', 'app', 'db']));
    for (const members of groups.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(
        new Set(members.map((s) => `${s.application} ${s.role.role} ${s.environment}`)).size,
      ).toBe(1);
      expect(members[0]?.environment).toBe('prod');
    }
  });

  it('draws hardware from old and new generations: 2–32 cores, 2.0–3.4 GHz, 4–512 GiB', () => {
    const hw = servers.map((s) => s.hardware);
    expect(Math.min(...hw.map((h) => h.cores))).toBe(2);
    expect(Math.max(...hw.map((h) => h.cores))).toBe(32);
    expect(Math.min(...hw.map((h) => h.mhzPerCore))).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...hw.map((h) => h.mhzPerCore))).toBeLessThanOrEqual(3400);
    expect(Math.min(...hw.map((h) => h.memoryGiB))).toBe(4);
    expect(Math.max(...hw.map((h) => h.memoryGiB))).toBe(512);
    expect(new Set(hw.map((h) => h.year)).size).toBeGreaterThanOrEqual(6);
    for (const h of hw) expect(h.cpuMhz).toBe(h.cores * h.mhzPerCore);
  });

  it('names hosts <department>-<role>-<number>, each name once', () => {
    for (const s of servers) expect(s.hostname).toMatch(/^[a-z]+-[a-z]+-\d{3,}$/);
    expect(new Set(servers.map((s) => s.hostname)).size).toBe(servers.length);
  });

  it('places servers in every site, with users in several time zones', () => {
    expect(new Set(servers.map((s) => s.site))).toEqual(new Set(SITES.map((s) => s.code)));
    const zones = new Set(servers.map((s) => Math.round(s.utcOffsetMinutes / 60)));
    expect(zones.size).toBeGreaterThanOrEqual(3);
  });
});
