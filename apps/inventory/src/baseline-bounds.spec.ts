import { BASELINE_MAX_HOSTS, BASELINE_MAX_VMS_PER_HOST, BASELINE_NOTE_MAX } from '@vplan/contracts';
import type { EstateBaseline, TodayHost } from '@vplan/domain';
import { boundBaseline } from './baseline-bounds';

const host = (name: string, vms: string[]): TodayHost => ({
  name,
  cores: 16,
  mhz: 2000,
  memoryGiB: 256,
  vms,
  vcpus: vms.length * 2,
  vmMemoryGiB: vms.length * 4,
});

const BASELINE: EstateBaseline = {
  source: 'export.xlsx',
  hosts: [host('esx1', ['a', 'b'])],
  unknownHosts: [],
  skipped: [{ asset: 'old', reason: 'powered-off', where: 'export.xlsx:vInfo:3' }],
  notes: ['RVTools "MB" columns are read as MiB'],
};

describe('boundBaseline', () => {
  it('keeps a baseline within the bounds as it is', () => {
    expect(boundBaseline(BASELINE)).toEqual({ ok: true, baseline: BASELINE });
  });

  it('cuts the host list and a crowded host at the bounds, saying so in notes', () => {
    const hosts = Array.from({ length: BASELINE_MAX_HOSTS + 2 }, (_, i) => host(`esx${i}`, []));
    hosts[0] = host(
      'esx0',
      Array.from({ length: BASELINE_MAX_VMS_PER_HOST + 1 }, (_, i) => `vm${i}`),
    );
    const bounded = boundBaseline({ ...BASELINE, hosts });
    if (!bounded.ok) throw new Error(bounded.problem);
    expect(bounded.baseline.hosts).toHaveLength(BASELINE_MAX_HOSTS);
    expect(bounded.baseline.hosts[0]?.vms).toHaveLength(BASELINE_MAX_VMS_PER_HOST);
    expect(bounded.baseline.notes).toEqual([
      'RVTools "MB" columns are read as MiB',
      `the inventory keeps the first ${BASELINE_MAX_HOSTS} of ${BASELINE_MAX_HOSTS + 2} of today's hosts`,
      `1 host(s) list more than ${BASELINE_MAX_VMS_PER_HOST} VMs: the inventory keeps the first ${BASELINE_MAX_VMS_PER_HOST} of each`,
    ]);
  });

  it('shortens a long note', () => {
    const bounded = boundBaseline({ ...BASELINE, notes: ['x'.repeat(BASELINE_NOTE_MAX + 10)] });
    if (!bounded.ok) throw new Error(bounded.problem);
    expect(bounded.baseline.notes[0]).toHaveLength(BASELINE_NOTE_MAX);
  });

  it('refuses a baseline over the byte budget, naming the size', () => {
    const bounded = boundBaseline(BASELINE, 100);
    expect(bounded.ok).toBe(false);
    if (!bounded.ok) expect(bounded.problem).toMatch(/bytes of JSON, more than 100/);
  });

  it('refuses a baseline the schema does not take, naming the field', () => {
    const bounded = boundBaseline({ ...BASELINE, hosts: [{ ...host('esx1', []), cpuUsage: 3 }] });
    expect(bounded).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^today's hosts \(vHost\) cannot be stored: hosts\.0\.cpuUsage /,
      ),
    });
  });
});
