import type { ErrorDetail } from '@vplan/contracts';
import { parseCidr } from '@vplan/formats';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}\\.?$)${LABEL}(?:\\.${LABEL})*\\.?$`);

/** A host target: an IPv4/IPv6 address or a DNS name; the canonical form, or why not. */
export function parseHost(
  text: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const t = text.trim();
  if (t.includes(':')) {
    const v6 = parseCidr(`${t}/128`);
    return v6.ok
      ? { ok: true, value: v6.value.slice(0, -4) }
      : { ok: false, message: `must be an IPv6 address, found "${t}"` };
  }
  if (/^[\d.]+$/.test(t)) {
    const v4 = parseCidr(`${t}/32`);
    return v4.ok
      ? { ok: true, value: v4.value.slice(0, -3) }
      : { ok: false, message: `must be an IPv4 address such as 10.1.2.3, found "${t}"` };
  }
  return HOSTNAME.test(t)
    ? { ok: true, value: t.toLowerCase().replace(/\.$/, '') }
    : { ok: false, message: `must be a host name, an IP address or a CIDR range, found "${t}"` };
}

export type TargetsOutcome =
  { ok: true; cidrs: string[]; hosts: string[] } | { ok: false; details: ErrorDetail[] };

/**
 * Checks scan targets and sorts them into CIDR ranges (canonical, via `@vplan/formats`'
 * `parseCidr`: `10.1.2.7/24` → `10.1.2.0/24`) and hosts (addresses or DNS names),
 * without duplicates. Every bad entry is reported as `<field>.<index>`.
 */
export function checkTargets(
  entries: readonly { readonly field: string; readonly text: string }[],
): TargetsOutcome {
  const cidrs = new Set<string>();
  const hosts = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const { field, text } of entries) {
    if (text.includes('/')) {
      const cidr = parseCidr(text.trim());
      if (cidr.ok) cidrs.add(cidr.value);
      else details.push({ path: field, message: cidr.message });
    } else {
      const host = parseHost(text);
      if (host.ok) hosts.add(host.value);
      else details.push({ path: field, message: host.message });
    }
  }
  return details.length > 0
    ? { ok: false, details }
    : { ok: true, cidrs: [...cidrs], hosts: [...hosts] };
}
