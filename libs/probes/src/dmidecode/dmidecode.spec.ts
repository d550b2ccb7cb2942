import { parseDmidecode } from './dmidecode';

const SERVER = [
  '# dmidecode 3.3',
  'Getting SMBIOS data from sysfs.',
  'SMBIOS 2.8 present.',
  '',
  'Handle 0x0001, DMI type 1, 27 bytes',
  'System Information',
  '\tManufacturer: Dell Inc.',
  '\tProduct Name: PowerEdge R640',
  '\tSerial Number: 0',
  '\tUUID: 4C4C4544-0042-3510-8052-B4C04F4E5632',
  '',
  'Handle 0x0400, DMI type 4, 48 bytes',
  'Processor Information',
  '\tSocket Designation: CPU1',
  '\tVersion: Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz',
  '\tMax Speed: 4000 MHz',
  '\tCurrent Speed: 2400 MHz',
  '\tStatus: Populated, Enabled',
  '\tCore Count: 4',
  '\tThread Count: 8',
  '\tCharacteristics:',
  '\t\t64-bit capable',
  '',
  'Handle 0x0401, DMI type 4, 48 bytes',
  'Processor Information',
  '\tVersion: Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz',
  '\tMax Speed: 4000 MHz',
  '\tCurrent Speed: Unknown',
  '\tStatus: Populated, Idle',
  '\tCore Count: 4',
  '\tThread Count: 8',
  '',
  'Handle 0x0402, DMI type 4, 48 bytes',
  'Processor Information',
  '\tVersion: Not Specified',
  '\tStatus: Unpopulated',
  '',
  'Handle 0x1100, DMI type 17, 40 bytes',
  'Memory Device',
  '\tSize: 16 GB',
  'Handle 0x1101, DMI type 17, 40 bytes',
  'Memory Device',
  '\tSize: 16384 MB',
  'Handle 0x1102, DMI type 17, 40 bytes',
  'Memory Device',
  '\tSize: No Module Installed',
  'Handle 0x2000, DMI type 222, 12 bytes',
  'OEM-specific Type',
  '\tHeader and Data:',
  '\t\tDE 0C 00 20',
  '',
].join('\n');

describe('parseDmidecode', () => {
  it('reads system identity, populated sockets, summed cores, threads and memory', () => {
    const result = parseDmidecode(SERVER, 'r640.txt');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [facts] = result.value;
    expect(facts?.source).toEqual({ kind: 'dmidecode', file: 'r640.txt' });
    expect(facts?.where).toBe('r640.txt:5');
    expect(facts?.identity).toEqual({
      biosUuid: '4C4C4544-0042-3510-8052-B4C04F4E5632',
      serial: '0',
    });
    expect(facts?.hardware).toEqual({
      vendor: 'Dell Inc.',
      model: 'PowerEdge R640',
      cpuModel: 'Intel(R) Xeon(R) CPU E5620 @ 2.40GHz',
      sockets: 2,
      cores: 8,
      threads: 16,
      cpuMhz: 2400,
      memoryGiB: 32,
    });
    expect(facts?.warnings).toEqual([]);
  });

  it('reads the dmidecode 2.2 layout with the type on its own line', () => {
    const text = [
      '# dmidecode 2.2',
      'Handle 0x0001',
      '        DMI type 1, 25 bytes.',
      '        System Information',
      '                Manufacturer: innotek GmbH',
      '                Product Name: VirtualBox',
      '                UUID: 3BD58031-AE9E-4F06-8A57-941942861939',
      'Handle 0x0002',
      '        DMI type 6, 12 bytes.',
      '        Memory Module Information',
      '                Installed Size: 512 MB (Single-bank Connection)',
    ].join('\n');
    const result = parseDmidecode(text, 'old.txt');
    expect(result.ok && result.value[0]?.hardware).toEqual({
      vendor: 'innotek GmbH',
      model: 'VirtualBox',
      memoryGiB: 0.5,
      virtualization: 'virtualbox',
    });
  });

  it('turns an implausible clock into a warning, out of hardware', () => {
    const text = SERVER.replace('Current Speed: 2400 MHz', 'Current Speed: 1386667 MHz');
    const result = parseDmidecode(text, 'odd.txt');
    if (!result.ok) throw result.error;
    expect(result.value[0]?.hardware.cpuMhz).toBeUndefined();
    expect(result.value[0]?.warnings).toEqual([
      expect.objectContaining({ where: 'odd.txt:17', field: 'hardware.cpuMhz', value: 1386667 }),
    ]);
  });

  it('counts populated sockets the firmware all calls disabled, with a warning', () => {
    const text = SERVER.replace('Populated, Enabled', 'Populated, Disabled By BIOS').replace(
      'Populated, Idle',
      'Populated, Disabled By BIOS',
    );
    const result = parseDmidecode(text, 'tyan.txt');
    if (!result.ok) throw result.error;
    expect(result.value[0]?.hardware.sockets).toBe(2);
    expect(result.value[0]?.warnings[0]?.message).toMatch(/Disabled By BIOS/);
  });

  it('refuses text without any Handle structure at 1:1', () => {
    const result = parseDmidecode('System Configuration:  Oracle Corporation  sun4v\n', 'prtdiag');
    expect(!result.ok && result.error.message).toBe(
      'prtdiag:1:1: not dmidecode output: no "Handle 0x…, DMI type N" structure found',
    );
  });

  it('refuses an unreadable Handle line at its line, without echoing control characters', () => {
    const result = parseDmidecode(
      'Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\nHandle \u001b[2Jzz\n',
      'bad.txt',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(
      /^bad\.txt:3:1: cannot read the Handle line "Handle \\x1b\[2Jzz"$/,
    );
  });

  it('refuses a 2.2 Handle line not followed by its DMI type', () => {
    const result = parseDmidecode('Handle 0x0001\n  System Information\n', 'x.txt');
    expect(!result.ok && result.error.message).toMatch(
      /^x\.txt:2:1: expected "DMI type N, M bytes"/,
    );
  });
});
