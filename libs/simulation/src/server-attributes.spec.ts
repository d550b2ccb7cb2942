import { seededRandom } from '@vplan/domain';
import { SITES } from './catalog';
import { generateEstate } from './estate';
import { planServers } from './portfolio';
import { deriveSeed } from './sampling';
import { drawServerAttributes } from './server-attributes';

describe('drawServerAttributes', () => {
  const specs = planServers(seededRandom(42), 3000);
  const attributes = drawServerAttributes(specs, 9);
  const servers = specs.map((spec, i) => ({ spec, ...attributes[i]! }));
  const share = (keep: (s: (typeof servers)[number]) => boolean) =>
    servers.filter(keep).length / servers.length;

  it('is deterministic for a seed and differs for another', () => {
    expect(drawServerAttributes(specs, 9)).toEqual(attributes);
    expect(drawServerAttributes(specs, 10)).not.toEqual(attributes);
  });

  it('gives availability tiers by criticality in production, 99 % elsewhere', () => {
    for (const s of servers) {
      const production = s.spec.environment === 'prod' || s.spec.environment === 'dr';
      const expected = { gold: '99.99', silver: '99.9', bronze: '99.5' }[s.spec.criticality];
      expect(s.business.availability).toBe(production ? expected : '99');
    }
  });

  it('sets maintenance windows in the time zone of the site, mostly per department', () => {
    for (const s of servers) {
      const site = SITES.find((x) => x.code === s.spec.site);
      expect(s.business.maintenanceTimezone).toBe(site?.timeZone);
      for (const w of s.business.maintenanceWindows ?? []) {
        expect(w.start).toBeGreaterThanOrEqual(0);
        expect(w.start).toBeLessThan(7 * 1440);
        expect(w.minutes).toBeGreaterThan(0);
      }
    }
    const prodWindows = new Map<string, Set<string>>();
    for (const s of servers.filter((x) => x.spec.environment === 'prod')) {
      const set = prodWindows.get(s.spec.department) ?? new Set<string>();
      set.add(JSON.stringify(s.business.maintenanceWindows));
      prodWindows.set(s.spec.department, set);
    }
    // One usual window per department, a few applications with their own.
    for (const set of prodWindows.values()) expect(set.size).toBeLessThanOrEqual(4);
  });

  it('tags payment applications pci and Finance sox, in production only', () => {
    const tagged = servers.filter((s) => s.business.compliance !== undefined);
    expect(tagged.length).toBeGreaterThan(50);
    for (const s of tagged) {
      expect(['prod', 'dr']).toContain(s.spec.environment);
      if (s.business.compliance?.includes('pci')) {
        expect(s.spec.application).toMatch(/-(payments|webshop|orders)(-\d+)?$/);
      }
    }
    expect(tagged.some((s) => s.business.compliance?.includes('pci'))).toBe(true);
    expect(
      servers
        .filter((s) => s.spec.department === 'Finance' && s.spec.environment === 'prod')
        .every((s) => s.business.compliance?.includes('sox')),
    ).toBe(true);
  });

  it('numbers VLANs and subnets by site, environment and tier', () => {
    for (const s of servers) {
      const site = SITES.find((x) => x.code === s.spec.site);
      const vlan = Number(s.technical.vlans?.[0]);
      const local =
        vlan -
        (site?.vlanBase ?? 0) -
        { prod: 0, test: 100, dev: 200, dr: 300 }[s.spec.environment];
      expect(local).toBeGreaterThanOrEqual(10);
      expect(local).toBeLessThanOrEqual(89);
      expect(s.technical.subnet).toMatch(new RegExp(`^10\\.\\d+\\.${local}\\.0/24$`));
    }
    const appVlans = new Map<string, Set<string>>();
    for (const s of servers.filter((x) => x.spec.environment === 'prod')) {
      const key = `${s.spec.application} ${s.spec.role.tier}`;
      appVlans.set(key, (appVlans.get(key) ?? new Set()).add(s.technical.vlans?.[0] ?? ''));
    }
    for (const set of appVlans.values()) expect(set.size).toBe(1);
  });

  it('mixes OS families by hardware generation, with a few legacy systems on old kit', () => {
    const legacyOs = servers.filter((s) => /Solaris|2003/.test(s.technical.osVersion ?? ''));
    expect(legacyOs.length).toBeGreaterThan(0);
    expect(legacyOs.length).toBeLessThan(servers.length * 0.02);
    for (const s of legacyOs) expect(s.spec.hardware.year).toBeLessThanOrEqual(2012);
    expect(share((s) => s.technical.osFamily === 'linux')).toBeGreaterThan(0.3);
    expect(share((s) => s.technical.osFamily === 'windows')).toBeGreaterThan(0.3);
  });

  it('gives storage by role and UPS to critical production', () => {
    for (const s of servers) {
      if (s.spec.role.role === 'file-server' && s.spec.hardware.platform === 'physical')
        expect(s.technical.storage).toBe('nas');
      if (s.spec.hardware.platform === 'virtual') expect(s.technical.storage).toBe('san');
      if (s.technical.upsRequired) expect(['prod', 'dr']).toContain(s.spec.environment);
    }
    expect(share((s) => s.technical.storage === 'local')).toBeGreaterThan(0.1);
    expect(share((s) => s.technical.upsRequired === true)).toBeGreaterThan(0.1);
  });

  it('puts rare peripherals on physical servers only', () => {
    const withDevices = servers.filter((s) => s.technical.peripherals !== undefined);
    expect(withDevices.length).toBeGreaterThan(10);
    expect(withDevices.length).toBeLessThan(servers.length * 0.06);
    const devices = new Set(withDevices.flatMap((s) => s.technical.peripherals ?? []));
    for (const d of ['fax', 'usb-dongle', 'serial', 'tape', 'gpu']) expect(devices).toContain(d);
    for (const s of withDevices) expect(s.spec.hardware.platform).toBe('physical');
  });

  it('couples single production app and db servers in affinity groups', () => {
    const groups = new Map<string, typeof servers>();
    for (const s of servers) {
      const g = s.business.affinityGroup;
      if (g !== undefined) groups.set(g, [...(groups.get(g) ?? []), s]);
    }
    expect(groups.size).toBeGreaterThan(10);
    for (const members of groups.values()) {
      expect(members.map((m) => m.spec.role.tier).sort()).toEqual(['app', 'db']);
      expect(new Set(members.map((m) => m.spec.application)).size).toBe(1);
      for (const m of members) expect(m.spec.environment).toBe('prod');
    }
  });
});

describe('generateEstate constraint attributes', () => {
  it('draws them from their own seed stream, after the portfolio', () => {
    const estate = generateEstate({ servers: 40, seed: 3, weeks: 2, stepSeconds: 3600 });
    const specs = planServers(seededRandom(deriveSeed(3, 0)), 40);
    const expected = drawServerAttributes(specs, deriveSeed(3, 3));
    expect(estate.assets.map((a) => a.technical)).toEqual(expected.map((x) => x.technical));
  });
});
