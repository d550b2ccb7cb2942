import { parseNmapXml } from './nmap-xml';
import type { HostFacts } from '../host-facts';

const report = (hosts: string): string =>
  [
    '<?xml version="1.0"?>',
    '<!-- Nmap 7.94 scan -->',
    '<nmaprun scanner="nmap" version="7.94" xmloutputversion="1.05">',
    hosts,
    '<runstats><finished time="1"/></runstats>',
    '</nmaprun>',
  ].join('\n');

const UP_HOST = [
  '<host starttime="1"><status state="up" reason="arp-response"/>',
  '<address addr="10.0.0.5" addrtype="ipv4"/>',
  '<address addr="fe80::1" addrtype="ipv6"/>',
  '<address addr="00:50:56:AB:CD:EF" addrtype="mac" vendor="VMware"/>',
  '<hostnames><hostname name="db01.example.com" type="user"/>',
  '<hostname name="db01.corp.example.com" type="PTR"/></hostnames>',
  '<ports><extraports state="closed" count="997"/>',
  '<port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="OpenSSH" version="8.0"/></port>',
  '<port protocol="tcp" portid="25"><state state="filtered"/><service name="smtp"/></port>',
  '<port protocol="udp" portid="161"><state state="open"/><service name="snmp"/></port>',
  '</ports>',
  '<os><osmatch name="Linux 4.15 - 5.6" accuracy="100"><osclass osfamily="Linux" osgen="5.X" accuracy="100"/></osmatch>',
  '<osmatch name="Linux 2.6.32" accuracy="95"/></os>',
  '</host>',
].join('\n');

function parsed(text: string): HostFacts[] {
  const result = parseNmapXml(text, 'scan.xml');
  if (!result.ok) throw result.error;
  return result.value;
}

describe('parseNmapXml', () => {
  it('reads identity, open services and the best OS match of an up host', () => {
    const [host] = parsed(report(UP_HOST));
    expect(host).toEqual({
      source: { kind: 'nmap', file: 'scan.xml' },
      where: 'scan.xml:4',
      identity: {
        ips: ['10.0.0.5', 'fe80::1'],
        macs: ['00:50:56:ab:cd:ef'],
        hostname: 'db01',
        fqdn: 'db01.corp.example.com',
      },
      hardware: { virtualization: 'vmware' },
      os: { family: 'linux', version: 'Linux 4.15 - 5.6' },
      services: [
        { port: 22, protocol: 'tcp', name: 'ssh', product: 'OpenSSH', version: '8.0' },
        { port: 161, protocol: 'udp', name: 'snmp' },
      ],
      warnings: [],
    });
  });

  it('skips hosts that are not up and points each host at its own line', () => {
    const down = '<host><status state="down"/><address addr="10.0.0.9" addrtype="ipv4"/></host>';
    const hosts = parsed(report(`${down}\n${UP_HOST}\n${down}`));
    expect(hosts).toHaveLength(1);
    expect(hosts[0]?.where).toBe('scan.xml:5');
  });

  it('counts lines of CRLF files like LF files', () => {
    const [host] = parsed(report(`\n\n${UP_HOST}`).replace(/\n/g, '\r\n'));
    expect(host?.where).toBe('scan.xml:6');
  });

  it('takes the family from the most accurate osclass of old reports and warns about a guess', () => {
    const old = [
      '<host><status state="up"/><address addr="10.0.0.7" addrtype="ipv4"/>',
      '<os><osclass osfamily="embedded" accuracy="88"/>',
      '<osclass vendor="Microsoft" osfamily="Windows" osgen="2008" accuracy="92"/></os></host>',
    ].join('\n');
    const [host] = parsed(report(old));
    expect(host?.os).toEqual({ family: 'windows', version: 'Windows 2008' });
    expect(host?.warnings).toEqual([
      expect.objectContaining({
        where: 'scan.xml:4',
        message: 'OS guessed by nmap at 92% accuracy',
      }),
    ]);
  });

  it('returns no hosts for a report without any', () => {
    expect(parsed(report(''))).toEqual([]);
  });

  it('decodes the XML entities and never expands declared ones', () => {
    const bomb = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE nmaprun [',
      '<!ENTITY a "aaaaaaaaaa">',
      '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">',
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">',
      ']>',
      '<nmaprun><host><status state="up"/>',
      '<hostnames><hostname name="&c;" type="PTR"/></hostnames>',
      '<ports><port protocol="tcp" portid="80"><state state="open"/>',
      '<service name="http" product="Tom &amp; Jerry&#x1b;[31m"/></port></ports></host></nmaprun>',
    ].join('\n');
    const [host] = parsed(bomb);
    expect(host?.identity.hostname).toBe('&c;');
    expect(host?.services?.[0]?.product).toBe('Tom & Jerry [31m');
  });

  it('refuses malformed XML at the line and column the parser reports', () => {
    const result = parseNmapXml('<nmaprun>\n<host>\n</nmaprun>', 'bad.xml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/^bad\.xml:3:\d+: malformed XML: /);
  });

  it('refuses XML that is not an nmap report at 1:1', () => {
    const result = parseNmapXml('<?xml version="1.0"?>\n<rss><channel/></rss>', 'feed.xml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(
      'feed.xml:1:1: not an nmap XML report: root element <rss>, expected <nmaprun>',
    );
  });

  it('refuses text that is not XML and never echoes control characters', () => {
    const result = parseNmapXml('\u001b[2Jhello', 'x.xml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/^x\.xml:1:1: malformed XML: /);
    expect(result.error.message).not.toMatch(/[\u0000-\u001f]/);
  });
});
