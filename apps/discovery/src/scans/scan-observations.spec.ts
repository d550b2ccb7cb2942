import { DISCOVERY } from '@vplan/contracts';
import { probeObservation } from './scan-observations';

describe('probeObservation', () => {
  it('identifies a swept host by its address and lists its open ports', () => {
    const observation = probeObservation(
      {
        source: { kind: 'tcp', target: '10.1.2.3' },
        identity: { ips: ['10.1.2.3'] },
        hardware: {},
        services: [
          { port: 443, protocol: 'tcp', name: 'https' },
          { port: 22, protocol: 'tcp', name: 'ssh' },
        ],
        warnings: [],
      },
      { scanId: 'scan-1', probe: 'tcp', n: 4, observedAt: '2026-01-12T00:00:00.000Z' },
    );
    expect(observation).toEqual({
      observationId: 'scan-1-4',
      source: { kind: 'probe', name: 'tcp', scanId: 'scan-1' },
      observedAt: '2026-01-12T00:00:00.000Z',
      identity: { ips: ['10.1.2.3'] },
      attributes: { custom: { open_ports: '22,443' } },
    });
    expect(DISCOVERY.observationRecorded.data.parse(observation)).toEqual(observation);
  });

  it('keeps the host name a host was scanned by', () => {
    const observation = probeObservation(
      {
        source: { kind: 'tcp', target: 'db-01' },
        identity: { ips: ['10.0.0.9'], hostname: 'db-01' },
        hardware: {},
        services: [{ port: 22, protocol: 'tcp' }],
        warnings: [],
      },
      { scanId: 's', probe: 'tcp', n: 1, observedAt: '2026-01-12T00:00:00.000Z' },
    );
    expect(observation.identity).toEqual({ ips: ['10.0.0.9'], hostname: 'db-01' });
    expect(observation.attributes.hostname).toBe('db-01');
  });
});
