import { normalizeHeader } from './csv';
import { INVENTORY_COLUMNS, parseInventoryCsv } from './inventory-csv';

function parseOk(text: string, options = {}) {
  const result = parseInventoryCsv('inv.csv', text, options);
  if (!result.ok) throw result.error;
  return result.value;
}

function parseError(text: string): string {
  const result = parseInventoryCsv('inv.csv', text);
  if (result.ok) throw new Error('expected a FormatError');
  return result.error.message;
}

describe('parseInventoryCsv', () => {
  it('reads the documented columns into assets, in file order', () => {
    const assets = parseOk(
      [
        'id,hostname,site,cpu_mhz,cores,memory_gb,environment,owner,department,cost_center,application,role,anti_affinity_group,dr_group',
        'db1,db1.example.com,AMS,9600,4,32,prod,alice,finance,CC-7,ledger,db,ledger-db,dr-ledger',
        'web1,,,,,,test,,,,,,,',
      ].join('\n'),
    );
    expect(assets).toEqual([
      {
        id: 'db1',
        hostname: 'db1.example.com',
        site: 'AMS',
        capacity: { cpuMhz: 9600, cores: 4, memoryGiB: 32 },
        business: {
          environment: 'prod',
          owner: 'alice',
          department: 'finance',
          costCenter: 'CC-7',
          application: 'ledger',
          role: 'db',
          antiAffinityGroup: 'ledger-db',
          drGroup: 'dr-ledger',
        },
        custom: {},
      },
      { id: 'web1', capacity: {}, business: { environment: 'test' }, custom: {} },
    ]);
  });

  it('accepts aliases in any case and spacing, and cores × GHz and MB', () => {
    const [asset] = parseOk('Asset ID;Cores;CPU-GHz;RAM MB;Env\nvm-1;4;2.5;2048;prod\n');
    expect(asset?.id).toBe('vm-1');
    expect(asset?.capacity).toEqual({ cpuMhz: 10000, cores: 4, memoryGiB: 2 });
    expect(asset?.business.environment).toBe('prod');
  });

  it('prefers cpu_mhz over cores × cpu_ghz and memory_gb over memory_mb', () => {
    const [asset] = parseOk('id,cpu_mhz,cores,cpu_ghz,memory_gb,memory_mb\na,3000,2,2,16,1024\n');
    expect(asset?.capacity).toEqual({ cpuMhz: 3000, cores: 2, memoryGiB: 16 });
  });

  it('reads the CPU model under its aliases and the per-core CPU rating', () => {
    const [a, b] = parseOk(
      'id,Processor,cpu_rating\na,Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz,4.2\nb,,\n',
    );
    expect(a?.capacity).toEqual({
      cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz',
      cpuRating: 4.2,
    });
    expect(b?.capacity).toEqual({});
    expect(parseOk('id;CPU Type\nx;AMD EPYC 9654\n')[0]?.capacity.cpuModel).toBe('AMD EPYC 9654');
    expect(parseOk('id,cpu\nx,Xeon Gold 6248R\n')[0]?.capacity.cpuModel).toBe('Xeon Gold 6248R');
  });

  it('refuses a CPU rating that is not a positive number, with its column', () => {
    expect(parseError('id,cpu_model,cpu_rating\na,x,0\n')).toBe(
      'inv.csv:2:3: cpu_rating must be a positive number, found "0"',
    );
    expect(parseError('id,cpu_rating\na,fast\n')).toBe(
      'inv.csv:2:2: cpu_rating must be a positive number, found "fast"',
    );
  });

  it('keeps unknown columns verbatim in custom, quoted commas included', () => {
    const [asset] = parseOk('id,Rack Unit,Notes\nx,R12-U4,"old, loud ""box"""\n');
    expect(asset?.custom).toEqual({ 'Rack Unit': 'R12-U4', Notes: 'old, loud "box"' });
  });

  it('reads CRLF files with a byte-order mark and skips blank lines', () => {
    const assets = parseOk('\uFEFFid,memory_gb\r\na,1\r\n\r\nb,2\r\n');
    expect(assets.map((a) => [a.id, a.capacity.memoryGiB])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('uses a given separator instead of guessing', () => {
    const [asset] = parseOk('id|x\na|b\n', { separator: '|' });
    expect(asset?.custom).toEqual({ x: 'b' });
  });

  it('reports a duplicate id with the row of its first occurrence', () => {
    expect(parseError('cores,id\n1,a\n2,b\n3,a\n')).toBe(
      'inv.csv:4:2: duplicate id "a" (first on row 2)',
    );
  });

  it('reports an empty id', () => {
    expect(parseError('id,cores\na,1\n  ,2\n')).toBe('inv.csv:3:1: id is empty');
  });

  it('reports a bad number with its column', () => {
    expect(parseError('id,cores,memory_gb\na,2,lots\n')).toBe(
      'inv.csv:2:3: memory_gb must be a non-negative number, found "lots"',
    );
    expect(parseError('id,cores\na,2.5\n')).toBe(
      'inv.csv:2:2: cores must be a non-negative integer, found "2.5"',
    );
    expect(parseError('id,cpu_mhz\na,-1\n')).toBe(
      'inv.csv:2:2: cpu_mhz must be a non-negative number, found "-1"',
    );
  });

  it('reports a row with a wrong field count', () => {
    expect(parseError('id,cores,site\na,1\n')).toBe('inv.csv:2:3: expected 3 fields, found 2');
    expect(parseError('id,cores\na,1,x\n')).toBe('inv.csv:2:3: expected 2 fields, found 3');
  });

  it('reports a missing id column and an empty file', () => {
    expect(parseError('hostname,cores\nh,1\n')).toMatch(
      /^inv\.csv:1:1: missing required column "id" \(or asset, /,
    );
    expect(parseError('\n\n')).toBe('inv.csv:1:1: empty file: expected a header line');
  });

  it('reports two columns for the same field and repeated unknown columns', () => {
    expect(parseError('id,memory_gb,RAM GB\na,1,1\n')).toBe(
      'inv.csv:1:3: column "RAM GB" repeats column 2 ("memory_gb")',
    );
    expect(parseError('id,note,note\na,1,1\n')).toBe('inv.csv:1:3: column "note" repeats column 2');
  });

  it('reports an unterminated quote', () => {
    expect(parseError('id,notes\na,"open\n')).toBe(
      'inv.csv:2:2: quoted field is not closed before the end of the file',
    );
  });
});

describe('INVENTORY_COLUMNS', () => {
  it('documents every column with a meaning, and no header name twice', () => {
    const names = INVENTORY_COLUMNS.flatMap((c) => [c.column, ...c.aliases].map(normalizeHeader));
    expect(new Set(names).size).toBe(names.length);
    for (const column of INVENTORY_COLUMNS) expect(column.meaning.length).toBeGreaterThan(5);
    expect(INVENTORY_COLUMNS.map((c) => c.column)).toEqual(
      expect.arrayContaining([
        'id',
        'hostname',
        'cpu_mhz',
        'cores',
        'cpu_ghz',
        'memory_gb',
        'memory_mb',
        'environment',
        'anti_affinity_group',
        'dr_group',
      ]),
    );
  });
});

describe('parseInventoryCsv constraint columns', () => {
  it('reads business and technical constraint attributes', () => {
    const [asset] = parseOk(
      [
        'id,availability,maintenance_window,timezone,compliance,os,vlans,subnet,storage,peripherals,ups_required,affinity_group',
        'a,99.99,"Sun 02:00-06:00; Wed 22:00-23:30",Europe/Amsterdam,PCI;sox,Windows Server 2012 R2,10;20,10.1.2.0/24,san,usb-dongle;FAX,yes,ledger',
      ].join('\n'),
    );
    expect(asset?.business).toEqual({
      availability: '99.99',
      maintenanceWindows: [
        { start: 6 * 1440 + 120, minutes: 240 },
        { start: 2 * 1440 + 1320, minutes: 90 },
      ],
      maintenanceTimezone: 'Europe/Amsterdam',
      compliance: ['pci', 'sox'],
      affinityGroup: 'ledger',
    });
    expect(asset?.technical).toEqual({
      osFamily: 'windows',
      osVersion: 'Windows Server 2012 R2',
      vlans: ['10', '20'],
      subnet: '10.1.2.0/24',
      storage: 'san',
      peripherals: ['usb-dongle', 'fax'],
      upsRequired: true,
    });
  });

  it('accepts the aliases of the constraint columns', () => {
    const [asset] = parseOk(
      'VM,SLA,Patch Window,TZ,Compliance Zone,Operating System,VLAN,CIDR,Storage Type,Devices,UPS,Affinity\n' +
        'a,gold,Sat 23:00-01:00,utc,sox,RHEL 7.9,100,192.168.7.9/16,NFS,Serial,no,g1\n',
    );
    expect(asset?.business).toEqual({
      availability: 'gold',
      maintenanceWindows: [{ start: 5 * 1440 + 1380, minutes: 120 }],
      maintenanceTimezone: 'UTC',
      compliance: ['sox'],
      affinityGroup: 'g1',
    });
    expect(asset?.technical).toEqual({
      osFamily: 'linux',
      osVersion: 'RHEL 7.9',
      vlans: ['100'],
      subnet: '192.168.0.0/16',
      storage: 'nas',
      peripherals: ['serial'],
      upsRequired: false,
    });
  });

  it('lets os_family and os_version win over os, and maps unknown OS names to other', () => {
    const assets = parseOk(
      'id,os,os_family,os_version\na,Solaris 10,,\nb,RHEL 8,Linux,8.6\nc,OpenVMS 8.4,,\nd,,,Ubuntu 22.04\n',
    );
    expect(assets.map((a) => a.technical)).toEqual([
      { osFamily: 'solaris', osVersion: 'Solaris 10' },
      { osFamily: 'linux', osVersion: '8.6' },
      { osFamily: 'other', osVersion: 'OpenVMS 8.4' },
      { osFamily: 'linux', osVersion: 'Ubuntu 22.04' },
    ]);
  });

  it('leaves technical out when a row gives none of its columns', () => {
    const [asset] = parseOk('id,os,storage\na,,\n');
    expect(asset).toEqual({ id: 'a', capacity: {}, business: {}, custom: {} });
  });

  it.each([
    [
      'availability',
      '101',
      'availability must be a percentage above 0 and at most 100, or a tier name, found "101"',
    ],
    [
      'maintenance_window',
      'Sun 2-6',
      'maintenance_window "Sun 2-6" is not a weekly window (write ',
    ],
    [
      'maintenance_window',
      'Sun 25:00-26:00',
      'maintenance_window "Sun 25:00-26:00": start 25:00 is not a time 00:00–23:59',
    ],
    [
      'timezone',
      'Mars/Olympus',
      'timezone must be an IANA time zone such as Europe/Amsterdam, UTC or an offset such as +01:00, found "Mars/Olympus"',
    ],
    [
      'timezone',
      '+15:00',
      'timezone must be a UTC offset between -14:00 and +14:00, found "+15:00"',
    ],
    ['os_family', 'vms', 'os_family must be one of windows, linux, solaris, aix, hpux, bsd, other'],
    ['vlans', '10;5000', 'vlans must hold VLAN ids 1–4094 or names, found "5000"'],
    ['subnet', '10.1.2.0', 'subnet needs a prefix length /0–/32'],
    [
      'subnet',
      '10.1.300.0/24',
      'subnet must be in CIDR notation such as 10.1.2.0/24 or 2001:db8::/48, found "10.1.300.0/24"',
    ],
    ['storage', 'tape', 'storage must be local, san or nas, found "tape"'],
    ['ups_required', 'maybe', 'ups_required must be yes, no, true, false, 1 or 0, found "maybe"'],
  ])(
    'reports a bad %s value with its row, column and the accepted values',
    (column, value, message) => {
      const error = parseError(`id,${column}\na,"${value}"\n`);
      expect(error.startsWith(`inv.csv:2:2: ${message}`)).toBe(true);
    },
  );
});
