/** Short host name: lower case, without domain. */
function shortName(name: string): string {
  return name.toLowerCase().split('.')[0] ?? '';
}

/**
 * Joins host names VMs refer to onto the host inventory's names: exact; then the
 * case-insensitive short name without domain; then a unique inventory name that the
 * short name ends or starts with (`bovmprod3-02` → `vmprod3-02`). Unjoined names are
 * returned in `unknown`.
 */
export function joinHostNames(
  referenced: Iterable<string>,
  inventory: readonly string[],
): { readonly map: ReadonlyMap<string, string>; readonly unknown: readonly string[] } {
  const exact = new Set(inventory);
  const byShort = new Map<string, string[]>();
  for (const name of inventory) {
    const s = shortName(name);
    byShort.set(s, [...(byShort.get(s) ?? []), name]);
  }
  const map = new Map<string, string>();
  const unknown: string[] = [];
  for (const ref of new Set(referenced)) {
    if (exact.has(ref)) {
      map.set(ref, ref);
      continue;
    }
    const s = shortName(ref);
    const same = byShort.get(s);
    if (same?.length === 1) {
      map.set(ref, same[0] as string);
      continue;
    }
    const fuzzy = [...byShort.entries()].filter(
      ([k, names]) => names.length === 1 && k.length >= 3 && (s.endsWith(k) || s.startsWith(k)),
    );
    if (fuzzy.length === 1) map.set(ref, (fuzzy[0] as [string, string[]])[1][0] as string);
    else unknown.push(ref);
  }
  return { map, unknown: unknown.sort() };
}
