import { observationSchema, type Observation } from '@vplan/contracts';
import type { HostFacts } from '@vplan/probes';

/**
 * The observation of one host a probe found: identity by its addresses (and the name it
 * was scanned by), open TCP ports as the custom attribute `open_ports` (`22,80,443`;
 * the asset attributes have no field for services). Checked against the contract.
 */
export function probeObservation(
  facts: HostFacts,
  meta: { scanId: string; probe: 'tcp'; n: number; observedAt: string },
): Observation {
  const ports = (facts.services ?? [])
    .filter((s) => s.protocol === 'tcp')
    .map((s) => s.port)
    .sort((a, b) => a - b);
  const { ips, hostname } = facts.identity;
  return observationSchema.parse({
    observationId: `${meta.scanId}-${meta.n}`,
    source: { kind: 'probe', name: meta.probe, scanId: meta.scanId },
    observedAt: meta.observedAt,
    identity: {
      ...(ips && ips.length > 0 ? { ips: [...ips] } : {}),
      ...(hostname ? { hostname } : {}),
    },
    attributes: {
      ...(hostname ? { hostname } : {}),
      ...(ports.length > 0 ? { custom: { open_ports: ports.join(',') } } : {}),
    },
  });
}
