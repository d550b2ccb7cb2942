import { parseTargetModels } from './target-models';

const EXAMPLE = `targets:
  - name: std-2s-48c
    cpu_mhz: 124800
    memory_gb: 768
    headroom: 0.1
    supported_os: [windows, linux]
    vlans: [10, 20, 30]
    storage: [san, nas]
    passthrough: [gpu]
    ups_backed: true
    max_vms: 60
    cost_per_month: 1450
    power_watts: { idle: 180, peak: 620 }
  - name: gpu-2s-32c
    cores: 32
    cpu_ghz: 2.8
    memory_gb: 512
    disk_iops: 200000
    headroom: { cpu: 0.2, memory: 0.1 }
    supported_os: [Linux, RHEL]
    vlans: [dmz]
    passthrough: [GPU, USB Dongle]
`;

function models(text: string) {
  const result = parseTargetModels(text, 'targets.yaml');
  if (!result.ok) throw result.error;
  return result.value;
}

function problem(text: string): string {
  const result = parseTargetModels(text, 'targets.yaml');
  if (result.ok) throw new Error('expected a FormatError');
  return result.error.message;
}

describe('parseTargetModels', () => {
  it('reads target models with capacity, headroom and what they offer', () => {
    expect(models(EXAMPLE)).toEqual([
      {
        name: 'std-2s-48c',
        capacity: { cpu: 124800, memory: 768 },
        headroom: { cpu: 0.1, memory: 0.1 },
        supportedOs: ['windows', 'linux'],
        vlans: ['10', '20', '30'],
        storage: ['san', 'nas'],
        passthrough: ['gpu'],
        upsBacked: true,
        maxVms: 60,
        costPerMonth: 1450,
        powerWatts: { idle: 180, peak: 620 },
      },
      {
        name: 'gpu-2s-32c',
        capacity: { cpu: 89600, memory: 512, disk: 200000 },
        headroom: { cpu: 0.2, memory: 0.1 },
        supportedOs: ['linux'],
        vlans: ['dmz'],
        passthrough: ['gpu', 'usb-dongle'],
        cores: 32,
      },
    ]);
  });

  it('reads the processor model, its rating, the physical cores and the overcommit ratios', () => {
    const [model] = models(`targets:
  - name: gold-2s-64c
    cpu_mhz: 160000
    cores: 64
    memory_gb: 1024
    cpu_model: Intel Xeon Gold 6548Y+
    cpu_rating: 10.2
    vcpu_per_core: 4
    memory_overcommit: 1.25
`);
    expect(model).toEqual({
      name: 'gold-2s-64c',
      capacity: { cpu: 160000, memory: 1024 },
      cores: 64,
      cpuModel: 'Intel Xeon Gold 6548Y+',
      cpuRating: 10.2,
      vcpuPerCore: 4,
      memoryOvercommit: 1.25,
    });
  });

  it('refuses a rating or ratio that is not above 0, at the value', () => {
    expect(problem(EXAMPLE.replace('max_vms: 60', 'vcpu_per_core: 0'))).toBe(
      'targets.yaml:11:20: target std-2s-48c: vcpu_per_core must be a number above 0, found 0',
    );
    expect(problem(EXAMPLE.replace('max_vms: 60', 'memory_overcommit: -1'))).toBe(
      'targets.yaml:11:24: target std-2s-48c: memory_overcommit must be a number above 0, found -1',
    );
    expect(problem(EXAMPLE.replace('max_vms: 60', 'cpu_rating: fast'))).toBe(
      'targets.yaml:11:17: target std-2s-48c: cpu_rating must be a number above 0, found "fast"',
    );
    expect(problem(EXAMPLE.replace('max_vms: 60', 'cpu_model: [a]'))).toBe(
      'targets.yaml:11:16: target std-2s-48c: cpu_model must be a non-empty text, found a list',
    );
  });

  it('reports an unknown key at the key, naming the target and the accepted keys', () => {
    expect(problem(EXAMPLE.replace('max_vms: 60', 'max_vm: 60'))).toMatch(
      /^targets\.yaml:11:5: target std-2s-48c: unknown key "max_vm" \(expected name, cpu_mhz, /,
    );
  });

  it('reports a missing cpu or memory at the target', () => {
    expect(problem(EXAMPLE.replace('    cpu_mhz: 124800\n', ''))).toBe(
      'targets.yaml:2:5: target std-2s-48c: missing cpu: give cpu_mhz, or cores with cpu_ghz',
    );
    expect(problem(EXAMPLE.replace('    cpu_ghz: 2.8\n', ''))).toBe(
      'targets.yaml:14:5: target gpu-2s-32c: missing cpu: give cpu_mhz, or cores with cpu_ghz',
    );
    expect(problem(EXAMPLE.replace('    memory_gb: 768\n', ''))).toBe(
      'targets.yaml:2:5: target std-2s-48c: missing memory_gb',
    );
  });

  it('reports a bad number at the value', () => {
    expect(problem(EXAMPLE.replace('cpu_mhz: 124800', 'cpu_mhz: "lots"'))).toBe(
      'targets.yaml:3:14: target std-2s-48c: cpu_mhz must be a number above 0, found "lots"',
    );
    expect(problem(EXAMPLE.replace('max_vms: 60', 'max_vms: 2.5'))).toBe(
      'targets.yaml:11:14: target std-2s-48c: max_vms must be an integer of at least 1, found 2.5',
    );
    expect(problem(EXAMPLE.replace('headroom: 0.1', 'headroom: 1'))).toBe(
      'targets.yaml:5:15: target std-2s-48c: headroom must be below 1, found 1',
    );
    expect(problem(EXAMPLE.replace('peak: 620', 'peak: 100'))).toBe(
      'targets.yaml:13:37: target std-2s-48c: power_watts.peak (100) is below idle (180)',
    );
  });

  it('reports bad list items, booleans and empty values', () => {
    expect(problem(EXAMPLE.replace('[windows, linux]', '[windows, vms]'))).toMatch(
      /^targets\.yaml:6:29: target std-2s-48c: supported_os must list OS families .*found "vms"$/,
    );
    expect(problem(EXAMPLE.replace('[san, nas]', '[san, tape]'))).toBe(
      'targets.yaml:8:20: target std-2s-48c: storage must be local, san or nas, found "tape"',
    );
    expect(problem(EXAMPLE.replace('[10, 20, 30]', '[10, 5000]'))).toBe(
      'targets.yaml:7:17: target std-2s-48c: vlans must hold VLAN ids 1–4094 or names, found 5000',
    );
    expect(problem(EXAMPLE.replace('ups_backed: true', 'ups_backed: "yes"'))).toBe(
      'targets.yaml:10:17: target std-2s-48c: ups_backed must be true or false, found "yes"',
    );
    expect(problem(EXAMPLE.replace('max_vms: 60', 'max_vms:'))).toBe(
      'targets.yaml:11:5: target std-2s-48c: max_vms has no value',
    );
    expect(problem(EXAMPLE.replace('cpu_mhz: 124800', 'cpu_mhz: 124800\n    cpu_ghz: 2.6'))).toBe(
      'targets.yaml:4:14: target std-2s-48c: give cpu_mhz, or cores with cpu_ghz, not both',
    );
  });

  it('reports a duplicate name, a missing name and a repeated key', () => {
    expect(problem(EXAMPLE.replace('name: gpu-2s-32c', 'name: std-2s-48c'))).toBe(
      'targets.yaml:14:5: target std-2s-48c: duplicate name (first on line 2)',
    );
    expect(problem(EXAMPLE.replace('- name: gpu-2s-32c\n    cores', '- cores'))).toBe(
      'targets.yaml:14:5: target #2: missing name',
    );
    expect(problem(EXAMPLE.replace('memory_gb: 768', 'memory_gb: 768\n    memory_gb: 1'))).toBe(
      'targets.yaml:5:5: target std-2s-48c: not valid YAML: Map keys must be unique',
    );
  });

  it('reports a file without a targets list', () => {
    expect(problem('')).toBe('targets.yaml:1:1: expected a mapping with a "targets" list');
    expect(problem('targets: []\n')).toBe(
      'targets.yaml:1:10: "targets" must be a non-empty list of target models',
    );
    expect(problem('hosts:\n  - name: a\n')).toBe(
      'targets.yaml:1:1: unknown key "hosts" (expected "targets")',
    );
    expect(problem('targets:\n  - [a\n')).toMatch(/^targets\.yaml:\d+:\d+: not valid YAML: /);
  });
});

describe('parseTargetModels licensing keys', () => {
  const withLicences = EXAMPLE.replace(
    'max_vms: 60',
    'sockets: 2\n    licences: { windows_datacenter: { per_core_month: 9.5 }, sql_server: { per_core_month: 120 } }',
  );

  it('reads sockets and per-core licence prices', () => {
    const model = models(withLicences)[0];
    expect(model?.sockets).toBe(2);
    expect(model?.licences).toEqual({
      windowsDatacenter: { perCoreMonth: 9.5 },
      sqlServer: { perCoreMonth: 120 },
    });
  });

  it('names the line and column of a bad licence key or price', () => {
    const result = parseTargetModels(withLicences.replace('sql_server', 'oracle'), 't.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toMatch(/^t\.yaml:12:\d+: .*unknown licences key "oracle"/);
    const price = parseTargetModels(
      withLicences.replace('per_core_month: 9.5', 'per_core_month: -1'),
      't.yaml',
    );
    expect(price.ok).toBe(false);
    if (!price.ok)
      expect(price.error.message).toMatch(
        /t\.yaml:12:\d+: .*licences\.windows_datacenter\.per_core_month/,
      );
    const sockets = parseTargetModels(withLicences.replace('sockets: 2', 'sockets: 1.5'), 't.yaml');
    expect(sockets.ok).toBe(false);
    if (!sockets.ok) expect(sockets.error.message).toMatch(/t\.yaml:11:\d+: .*sockets/);
  });
});
