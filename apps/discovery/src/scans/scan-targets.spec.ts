import { checkTargets, parseHost } from './scan-targets';

const entries = (texts: string[]) => texts.map((text, i) => ({ field: `targets.${i}`, text }));

describe('checkTargets', () => {
  it('sorts CIDR ranges (canonical) from hosts and drops duplicates', () => {
    expect(
      checkTargets(
        entries([
          '10.1.2.7/24',
          'db-01.example.com',
          '10.1.2.0/24',
          '2001:DB8::1/48',
          '192.168.0.10',
          'fe80::1',
        ]),
      ),
    ).toEqual({
      ok: true,
      cidrs: ['10.1.2.0/24', '2001:db8::/48'],
      hosts: ['db-01.example.com', '192.168.0.10', 'fe80::1'],
    });
  });

  it('names every bad entry by its field', () => {
    const outcome = checkTargets(entries(['10.0.0.0/33', 'ok-host', 'bad host', '999.1.1.1']));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.details.map((d) => d.path)).toEqual(['targets.0', 'targets.2', 'targets.3']);
    expect(outcome.details[0]!.message).toContain('prefix length /0–/32');
    expect(outcome.details[1]!.message).toBe(
      'must be a host name, an IP address or a CIDR range, found "bad host"',
    );
  });
});

describe('parseHost', () => {
  it('lower-cases names and writes addresses canonically', () => {
    expect(parseHost('Web-01.Example.COM.')).toEqual({ ok: true, value: 'web-01.example.com' });
    expect(parseHost('2001:0db8:0000::0001')).toEqual({ ok: true, value: '2001:db8::1' });
    expect(parseHost('-web').ok).toBe(false);
  });
});
