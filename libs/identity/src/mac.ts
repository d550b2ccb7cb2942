// MAC addresses: one canonical text form and a classification that says whether the
// address follows one machine (a burnt-in NIC) or something else (a hypervisor's pool,
// a blade chassis' pool, a router redundancy group, a random or multicast address).

/**
 * What a MAC address is, for identity:
 * - `universal`: a globally administered unicast address outside the ranges below (a NIC's
 *   burnt-in address): identifies the machine carrying it.
 * - `virtual`: a hypervisor's OUI ({@link VIRTUAL_MAC_PREFIXES}): a VM NIC or a hypervisor's
 *   own virtual NIC; unique only within one manager and reused after a VM is deleted.
 * - `pooled`: a blade/fabric manager's pool ({@link POOLED_MAC_PREFIXES}): follows the slot
 *   or service profile, not the hardware.
 * - `reserved`: first-hop redundancy (VRRP, HSRP, GLBP): moves between routers.
 * - `local`: the locally administered bit is set (QEMU/KVM 52:54:00, Docker 02:42, random
 *   per-network addresses): chosen by software, anyone may pick it.
 * - `multicast`: the group bit is set (broadcast included): names no single NIC.
 * - `zero`: 00:00:00:00:00:00.
 * - `invalid`: not 12 hex digits.
 */
export type MacClass =
  'universal' | 'virtual' | 'pooled' | 'reserved' | 'local' | 'multicast' | 'zero' | 'invalid';

/** A prefix (hex digits, no separators) and who allocates addresses under it. */
export interface MacPrefix {
  readonly prefix: string;
  readonly owner: string;
}

/** Hypervisor OUIs: addresses a hypervisor assigns to virtual NICs. */
export const VIRTUAL_MAC_PREFIXES: readonly MacPrefix[] = [
  { prefix: '000569', owner: 'VMware (ESX/GSX, legacy)' },
  { prefix: '000c29', owner: 'VMware (generated from the VM UUID)' },
  { prefix: '001c14', owner: 'VMware' },
  { prefix: '005056', owner: 'VMware (vCenter-assigned, manual, vmkernel NICs)' },
  { prefix: '00155d', owner: 'Microsoft Hyper-V' },
  { prefix: '0003ff', owner: 'Microsoft Virtual PC / Virtual Server' },
  { prefix: '00163e', owner: 'Xen / Citrix Hypervisor / Oracle VM' },
  { prefix: '0021f6', owner: 'Oracle VM (Virtual Iron)' },
  { prefix: '001c42', owner: 'Parallels' },
  { prefix: '080027', owner: 'Oracle VirtualBox' },
  { prefix: '506b8d', owner: 'Nutanix AHV' },
];

/** Blade/fabric manager pools: the address belongs to a slot or profile, not to hardware. */
export const POOLED_MAC_PREFIXES: readonly MacPrefix[] = [
  { prefix: '0025b5', owner: 'Cisco UCS Manager MAC pools' },
  ...['7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'].map((d) => ({
    prefix: `0017a47${d}`,
    owner: 'HPE Virtual Connect predefined ranges (00-17-A4-77 … 00-17-A4-7F)',
  })),
];

/** First-hop redundancy groups: the address moves to whichever router is active. */
export const RESERVED_MAC_PREFIXES: readonly MacPrefix[] = [
  { prefix: '00005e0001', owner: 'VRRP (IPv4)' },
  { prefix: '00005e0002', owner: 'VRRP (IPv6)' },
  { prefix: '00000c07ac', owner: 'Cisco HSRP v1' },
  { prefix: '00000c9ff', owner: 'Cisco HSRP v2' },
  { prefix: '0007b400', owner: 'Cisco GLBP' },
];

// Every listed prefix is at least an OUI long: look the OUI up, then check the rest.
const BY_OUI = new Map<string, { prefix: string; class: MacClass }[]>();
for (const [list, kind] of [
  [RESERVED_MAC_PREFIXES, 'reserved'],
  [POOLED_MAC_PREFIXES, 'pooled'],
  [VIRTUAL_MAC_PREFIXES, 'virtual'],
] as const)
  for (const { prefix } of list) {
    const oui = prefix.slice(0, 6);
    BY_OUI.set(oui, [...(BY_OUI.get(oui) ?? []), { prefix, class: kind }]);
  }

/**
 * The canonical form of a MAC (lower-case `aa:bb:cc:dd:ee:ff`; any of `:`, `-`, `.` and
 * blanks accepted as separators, e.g. Cisco `aabb.ccdd.eeff`) and its {@link MacClass}.
 */
export function classifyMac(text: string | null | undefined): { mac?: string; class: MacClass } {
  if (typeof text !== 'string') return { class: 'invalid' };
  const hex = text
    .trim()
    .toLowerCase()
    .replace(/[:\-.\s]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return { class: 'invalid' };
  const mac = hex.replace(/(..)(?!$)/g, '$1:');
  const first = parseInt(hex.slice(0, 2), 16);
  if (hex === '000000000000') return { mac, class: 'zero' };
  if (first & 1) return { mac, class: 'multicast' };
  if (first & 2) return { mac, class: 'local' };
  const listed = BY_OUI.get(hex.slice(0, 6))?.find((p) => hex.startsWith(p.prefix));
  return { mac, class: listed?.class ?? 'universal' };
}

/** Options of {@link usableMac}. */
export interface UsableMacOptions {
  /** Accept hypervisor OUIs (`virtual`) too. Default `false`. */
  readonly allowVirtual?: boolean;
}

/**
 * A MAC fit for identity, canonical (`aa:bb:cc:dd:ee:ff`), or `undefined`: only `universal`
 * addresses (and `virtual` ones with `allowVirtual`) are usable; zero, broadcast/multicast,
 * locally administered, pooled and first-hop-redundancy addresses never are. See
 * {@link classifyMac} for the ranges and README.md for why.
 */
export function usableMac(
  text: string | null | undefined,
  options: UsableMacOptions = {},
): string | undefined {
  const { mac, class: kind } = classifyMac(text);
  return kind === 'universal' || (kind === 'virtual' && options.allowVirtual) ? mac : undefined;
}
