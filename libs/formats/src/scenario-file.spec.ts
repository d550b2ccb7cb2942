import { parseScenarioFile } from './scenario-file';

const parse = (text: string) => parseScenarioFile(text, 's.yaml', 's');

describe('parseScenarioFile', () => {
  it('reads options with their defaults, documents by file and the name', () => {
    const parsed = parse(
      [
        'name: bitbrains-n1',
        'options:',
        '  hostCpuMhz: 46800',
        '  hostMemoryGiB: 128',
        '  failover: 1',
        '  allocation: { vcpuPerCore: 4, memoryOvercommit: 1.0, maxVms: 40 }',
        'targets: { file: targets.yaml, target: big }',
        'ruleset: { file: rules.yaml }',
      ].join('\n'),
    );
    expect(parsed.ok && parsed.value).toMatchObject({
      name: 'bitbrains-n1',
      options: {
        hostCpuMhz: 46800,
        failover: 1,
        percentile: 100,
        gaps: 'profile',
        allocation: { vcpuPerCore: 4, memoryOvercommit: 1, maxVms: 40 },
      },
      targets: { file: 'targets.yaml', target: 'big' },
      ruleset: { file: 'rules.yaml' },
    });
  });

  it('takes the default name and default options for an options-less file', () => {
    const parsed = parse('description: just defaults\n');
    expect(parsed.ok && parsed.value.name).toBe('s');
    expect(parsed.ok && parsed.value.options.percentile).toBe(100);
  });

  it.each([
    ['options:\n  percentile: 120\n', 's.yaml:2:15: options.percentile'],
    ['options:\n  colour: red\n', 's.yaml:2:3: options.colour'],
    ['options:\n  failover: -1\n', 's.yaml:2:13: options.failover'],
    [
      'options:\n  allocation:\n    vcpuPerCore: 0\n',
      's.yaml:3:18: options.allocation.vcpuPerCore',
    ],
    ['name: "bad name!"\n', 's.yaml:1:7: name'],
    ['options: [1, 2\n', 's.yaml:2:1: not valid YAML'],
    ['- a list\n', 's.yaml:1:1: expected a mapping'],
  ])('locates a bad value: %j', (text, prefix) => {
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error.message).toMatch(
      new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('refuses a file of more than a million characters without parsing it', () => {
    const parsed = parse(`description: "${'x'.repeat(1_000_001)}"\n`);
    expect(!parsed.ok && parsed.error.message).toMatch(/^s\.yaml:1:1: is \d+ characters/);
  });
});
