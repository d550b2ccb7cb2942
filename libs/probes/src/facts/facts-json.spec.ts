import { parseFactsJson } from './facts-json';

const FACTER4 = {
  facterversion: '4.2.14',
  dmi: {
    manufacturer: 'HPE',
    product: {
      name: 'ProLiant DL380 Gen10',
      serial_number: 'CZ1234',
      uuid: '30313436-3631-5A43-4A31-303130303543',
    },
  },
  processors: {
    count: 32,
    physicalcount: 2,
    cores: 8,
    models: ['Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz'],
    speed: '2.10 GHz',
  },
  memory: { system: { total_bytes: 274877906944 } },
  networking: {
    fqdn: 'db01.example.com',
    hostname: 'db01',
    ip: '10.0.0.5',
    mac: '00:50:56:AA:BB:CC',
    interfaces: { eno1: { ip: '10.0.0.5', mac: '00:50:56:aa:bb:cc' }, lo: { ip: '127.0.0.1' } },
  },
  os: { family: 'RedHat', name: 'RedHat', release: { full: '8.9' } },
  kernel: 'Linux',
  kernelrelease: '4.18.0-513.el8.x86_64',
  virtual: 'physical',
  is_virtual: false,
};

const ANSIBLE = {
  ansible_facts: {
    ansible_processor_count: 2,
    ansible_processor_cores: 12,
    ansible_processor_vcpus: 48,
    ansible_processor: ['0', 'GenuineIntel', 'Intel(R) Xeon(R) Gold 6136 CPU @ 3.00GHz'],
    ansible_memtotal_mb: 386000,
    ansible_product_uuid: '4c4c4544-0042',
    ansible_product_serial: 'ABC123',
    ansible_system_vendor: 'Dell Inc.',
    ansible_product_name: 'PowerEdge R740',
    ansible_fqdn: 'app01.example.com',
    ansible_hostname: 'app01',
    ansible_all_ipv4_addresses: ['10.1.1.7', '127.0.0.1'],
    ansible_default_ipv4: { macaddress: 'F4-8E-38-00-11-22' },
    ansible_distribution: 'Ubuntu',
    ansible_distribution_version: '22.04',
    ansible_os_family: 'Debian',
    ansible_virtualization_type: 'kvm',
    ansible_virtualization_role: 'guest',
  },
  changed: false,
};

describe('parseFactsJson', () => {
  it('reads facter 4 structured facts', () => {
    const result = parseFactsJson(JSON.stringify(FACTER4, null, 2), 'db01.json');
    if (!result.ok) throw result.error;
    const [facts] = result.value;
    expect(facts?.identity).toEqual({
      biosUuid: '30313436-3631-5A43-4A31-303130303543',
      serial: 'CZ1234',
      macs: ['00:50:56:aa:bb:cc'],
      hostname: 'db01',
      fqdn: 'db01.example.com',
      ips: ['10.0.0.5'],
    });
    expect(facts?.hardware).toEqual({
      vendor: 'HPE',
      model: 'ProLiant DL380 Gen10',
      cpuModel: 'Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz',
      sockets: 2,
      cores: 16,
      threads: 32,
      cpuMhz: 2100,
      memoryGiB: 256,
      virtualization: 'physical',
    });
    expect(facts?.os).toEqual({
      family: 'linux',
      version: 'RedHat 8.9',
      kernel: '4.18.0-513.el8.x86_64',
    });
    expect(facts?.where).toBe('db01.json:1');
  });

  it('reads legacy flat facter facts with string numbers', () => {
    const legacy = {
      processorcount: '4',
      memorysize_mb: '3790.81',
      manufacturer: 'VMware, Inc.',
      productname: 'VMware Virtual Platform',
      macaddress: '00:0C:29:01:02:03',
      operatingsystem: 'CentOS',
      operatingsystemrelease: '6.4',
      kernel: 'Linux',
      virtual: 'vmware',
      is_virtual: 'true',
    };
    const result = parseFactsJson(JSON.stringify(legacy), 'old.json');
    if (!result.ok) throw result.error;
    expect(result.value[0]?.hardware).toMatchObject({
      threads: 4,
      vendor: 'VMware, Inc.',
      virtualization: 'vmware',
    });
    expect(result.value[0]?.hardware.memoryGiB).toBeCloseTo(3.702, 3);
    expect(result.value[0]?.identity.macs).toEqual(['00:0c:29:01:02:03']);
  });

  it('reads Ansible setup output', () => {
    const result = parseFactsJson(JSON.stringify(ANSIBLE), 'app01.json');
    if (!result.ok) throw result.error;
    const [facts] = result.value;
    expect(facts?.hardware).toEqual({
      vendor: 'Dell Inc.',
      model: 'PowerEdge R740',
      cpuModel: 'Intel(R) Xeon(R) Gold 6136 CPU @ 3.00GHz',
      sockets: 2,
      cores: 24,
      threads: 48,
      memoryGiB: 386000 / 1024,
      virtualization: 'kvm',
    });
    expect(facts?.identity).toMatchObject({
      macs: ['f4:8e:38:00:11:22'],
      ips: ['10.1.1.7'],
      hostname: 'app01',
    });
    expect(facts?.os).toEqual({ family: 'linux', version: 'Ubuntu 22.04' });
  });

  it('reads a map of host names to facts, one HostFacts per host at its line', () => {
    const text = JSON.stringify({ app01: ANSIBLE.ansible_facts, db01: FACTER4 }, null, 2);
    const result = parseFactsJson(text, 'hosts.json');
    if (!result.ok) throw result.error;
    expect(result.value.map((h) => h.identity.hostname)).toEqual(['app01', 'db01']);
    expect(result.value[0]?.where).toBe('hosts.json:2');
    expect(result.value[1]?.where).toMatch(/^hosts\.json:\d+$/);
  });

  it('reads an array of facts', () => {
    const result = parseFactsJson(JSON.stringify([FACTER4, ANSIBLE]), 'all.json');
    expect(result.ok && result.value.length).toBe(2);
  });

  it('turns implausible sizes into warnings', () => {
    const odd = { ...FACTER4, processors: { ...FACTER4.processors, speed: '1386.67 GHz' } };
    const result = parseFactsJson(JSON.stringify(odd), 'odd.json');
    if (!result.ok) throw result.error;
    expect(result.value[0]?.hardware.cpuMhz).toBeUndefined();
    expect(result.value[0]?.warnings[0]).toMatchObject({
      field: 'hardware.cpuMhz',
      value: 1386670,
    });
  });

  it('refuses invalid JSON at the line and column where it breaks', () => {
    const result = parseFactsJson('{\n  "processorcount": 4,\n  "kernel": }\n', 'bad.json');
    expect(!result.ok && result.error.message).toBe(
      'bad.json:3:13: invalid JSON: expected a value, found "}"',
    );
  });

  it('refuses JSON of another shape at 1:1', () => {
    const result = parseFactsJson('{"hello": "world"}', 'other.json');
    expect(!result.ok && result.error.message).toMatch(
      /^other\.json:1:1: not facter or Ansible facts/,
    );
  });

  it('refuses an array element that is not facts at its position', () => {
    const result = parseFactsJson(`[${JSON.stringify(FACTER4)},\n 42]`, 'arr.json');
    expect(!result.ok && result.error.message).toBe(
      'arr.json:2:2: element 2 is not a facter or Ansible facts object',
    );
  });

  it('does not overflow on deeply nested broken JSON', () => {
    const result = parseFactsJson(`${'['.repeat(100000)}x`, 'deep.json');
    expect(!result.ok && result.error.row).toBe(1);
  });
});
