import type { Asset } from '@vplan/domain';

/**
 * What a host's servers all share that sets hosts apart, for a reader: the environment,
 * the compliance scopes and the one VLAN they all use, e.g. `prod · pci · vlan 20`.
 * Undefined when they share none of these.
 */
export function hostLabel(assets: readonly Asset[]): string | undefined {
  if (assets.length === 0) return undefined;
  const parts: string[] = [];
  const environment = assets[0]!.business.environment;
  if (environment && assets.every((a) => a.business.environment === environment))
    parts.push(environment);
  const scopes = (a: Asset) => [...(a.business.compliance ?? [])].sort().join('+');
  const compliance = scopes(assets[0]!);
  if (compliance && assets.every((a) => scopes(a) === compliance)) parts.push(compliance);
  let common: Set<string> | undefined;
  for (const a of assets) {
    const vlans = new Set(a.technical?.vlans ?? []);
    common = common ? new Set([...common].filter((v) => vlans.has(v))) : vlans;
  }
  if (common && common.size === 1) {
    const [vlan] = [...common];
    parts.push(/^\d+$/.test(vlan!) ? `vlan ${vlan}` : vlan!);
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
