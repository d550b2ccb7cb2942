import { parseSnmpWalk } from '../snmp/snmp-walk';
import { factsOfVarbinds, loadOfVarbinds, recordOf, type SnmpVarbind } from './snmp-varbinds';

const str = (oid: string, text: string): SnmpVarbind => ({
  oid,
  type: 4,
  value: Buffer.from(text, 'utf8'),
});
const int = (oid: string, value: number, type = 2): SnmpVarbind => ({ oid, type, value });
const oid = (at: string, value: string): SnmpVarbind => ({ oid: at, type: 6, value });

// One agent, as net-snmp hands it over and as `snmpwalk -On` prints it.
const VARBINDS: SnmpVarbind[] = [
  str('1.3.6.1.2.1.1.1.0', 'Linux db01 5.14.0-362.el9.x86_64 #1 SMP x86_64'),
  oid('1.3.6.1.2.1.1.2.0', '1.3.6.1.4.1.8072.3.2.10'),
  str('1.3.6.1.2.1.1.5.0', 'db01.example.com'),
  int('1.3.6.1.2.1.25.2.2.0', 16_384_000),
  oid('1.3.6.1.2.1.25.2.3.1.2.31', '1.3.6.1.2.1.25.2.1.4'),
  str('1.3.6.1.2.1.25.2.3.1.3.31', '/'),
  int('1.3.6.1.2.1.25.2.3.1.4.31', 4096),
  int('1.3.6.1.2.1.25.2.3.1.5.31', 26_214_400),
  int('1.3.6.1.2.1.25.2.3.1.6.31', 13_107_200),
  oid('1.3.6.1.2.1.25.3.2.1.2.196608', '1.3.6.1.2.1.25.3.1.3'),
  oid('1.3.6.1.2.1.25.3.2.1.2.196609', '1.3.6.1.2.1.25.3.1.3'),
  str('1.3.6.1.2.1.25.3.2.1.3.196608', 'GenuineIntel: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz'),
  str('1.3.6.1.2.1.25.3.2.1.3.196609', 'GenuineIntel: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz'),
  int('1.3.6.1.2.1.25.3.3.1.2.196608', 30),
  int('1.3.6.1.2.1.25.3.3.1.2.196609', 50),
  str('1.3.6.1.2.1.2.2.1.2.2', 'eth0'),
  int('1.3.6.1.2.1.2.2.1.5.2', 1_000_000_000, 66),
  { oid: '1.3.6.1.2.1.2.2.1.6.2', type: 4, value: Buffer.from([0, 0x50, 0x56, 0xa1, 0x0b, 0x2c]) },
  str('1.3.6.1.2.1.31.1.1.1.1.2', 'eth0'),
  {
    oid: '1.3.6.1.2.1.31.1.1.1.10.2',
    type: 70,
    value: Buffer.from([0x01, 0x00, 0x00, 0x00, 0x00]),
  },
  int('1.3.6.1.2.1.31.1.1.1.15.2', 1000, 66),
  { oid: '1.3.6.1.2.1.4.20.1.1.10.1.2.3', type: 64, value: '10.1.2.3' },
  int('1.3.6.1.2.1.4.20.1.2.10.1.2.3', 2),
  { oid: '1.3.6.1.2.1.25.3.3.1.2.999', type: 129, value: null }, // noSuchInstance
];

const WALK = `.1.3.6.1.2.1.1.1.0 = STRING: "Linux db01 5.14.0-362.el9.x86_64 #1 SMP x86_64"
.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10
.1.3.6.1.2.1.1.5.0 = STRING: "db01.example.com"
.1.3.6.1.2.1.25.2.2.0 = INTEGER: 16384000 KBytes
.1.3.6.1.2.1.25.2.3.1.2.31 = OID: .1.3.6.1.2.1.25.2.1.4
.1.3.6.1.2.1.25.2.3.1.3.31 = STRING: /
.1.3.6.1.2.1.25.2.3.1.4.31 = INTEGER: 4096 Bytes
.1.3.6.1.2.1.25.2.3.1.5.31 = INTEGER: 26214400
.1.3.6.1.2.1.25.2.3.1.6.31 = INTEGER: 13107200
.1.3.6.1.2.1.25.3.2.1.2.196608 = OID: .1.3.6.1.2.1.25.3.1.3
.1.3.6.1.2.1.25.3.2.1.2.196609 = OID: .1.3.6.1.2.1.25.3.1.3
.1.3.6.1.2.1.25.3.2.1.3.196608 = STRING: "GenuineIntel: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"
.1.3.6.1.2.1.25.3.2.1.3.196609 = STRING: "GenuineIntel: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"
.1.3.6.1.2.1.25.3.3.1.2.196608 = INTEGER: 30
.1.3.6.1.2.1.25.3.3.1.2.196609 = INTEGER: 50
.1.3.6.1.2.1.2.2.1.2.2 = STRING: eth0
.1.3.6.1.2.1.2.2.1.5.2 = Gauge32: 1000000000
.1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 00 50 56 A1 0B 2C
.1.3.6.1.2.1.31.1.1.1.1.2 = STRING: eth0
.1.3.6.1.2.1.31.1.1.1.10.2 = Counter64: 4294967296
.1.3.6.1.2.1.31.1.1.1.15.2 = Gauge32: 1000
.1.3.6.1.2.1.4.20.1.1.10.1.2.3 = IpAddress: 10.1.2.3
.1.3.6.1.2.1.4.20.1.2.10.1.2.3 = INTEGER: 2
`;

describe('factsOfVarbinds', () => {
  it('maps live varbinds to the same facts as the walk parser maps the walk file', () => {
    const parsed = parseSnmpWalk(WALK, 'db01.walk');
    if (!parsed.ok) throw new Error('walk fixture does not parse');
    const fromFile = parsed.value[0];
    const live = factsOfVarbinds(VARBINDS, '10.1.2.3:161');
    const { source: _s, where: _w, ...liveFacts } = live;
    const { source: _fs, where: _fw, ...fileFacts } = fromFile ?? live;
    expect(liveFacts).toEqual(fileFacts);
    expect(live.hardware).toMatchObject({ threads: 2, cpuMhz: 2500, memoryGiB: 15.625 });
    expect(live.identity).toMatchObject({ hostname: 'db01', macs: ['00:50:56:a1:0b:2c'] });
  });

  it('names the target as the source, and places warnings at the target and OID', () => {
    const facts = factsOfVarbinds(
      [str('1.3.6.1.2.1.1.5.0', 'not a host name'), int('1.3.6.1.2.1.25.2.2.0', 1)],
      '10.1.2.3:161',
    );
    expect(facts.source).toEqual({ kind: 'snmp', target: '10.1.2.3:161' });
    expect(facts.warnings.map((w) => w.where)).toEqual([
      '10.1.2.3:161 1.3.6.1.2.1.1.5.0',
      '10.1.2.3:161 1.3.6.1.2.1.25.2.2.0',
    ]);
  });
});

describe('recordOf', () => {
  it('reads a Counter64 buffer as an integer', () => {
    expect(recordOf(VARBINDS[19] as SnmpVarbind, 1)).toMatchObject({
      type: 'int',
      text: '4294967296',
    });
  });

  it('keeps the bytes of binary strings and drops exception varbinds', () => {
    expect(recordOf(VARBINDS[17] as SnmpVarbind, 1)).toMatchObject({
      type: 'hex',
      bytes: [0, 0x50, 0x56, 0xa1, 0x0b, 0x2c],
    });
    expect(recordOf({ oid: '1.3', type: 130, value: null }, 1)).toBeUndefined();
  });
});

describe('loadOfVarbinds', () => {
  it('averages hrProcessorLoad and reads storage use in GiB', () => {
    expect(loadOfVarbinds(VARBINDS, '2026-01-01T00:00:00.000Z')).toEqual({
      at: '2026-01-01T00:00:00.000Z',
      cpuBusy: 0.4,
      storage: [{ descr: '/', usedGiB: 50, sizeGiB: 100 }],
    });
  });

  it('gives nothing without processor loads', () => {
    expect(loadOfVarbinds(VARBINDS.slice(0, 9), 'now')).toBeUndefined();
  });
});
