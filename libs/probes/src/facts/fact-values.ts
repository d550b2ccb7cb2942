/** The text of a fact (strings trimmed, numbers as written); empty is absent. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** A number fact: a JSON number or a decimal string (legacy facter writes `"4"`). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const t = text(value);
  return t !== undefined && /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

/** A MHz clock from `2.40 GHz`, `2400 MHz` or a bare number of MHz. */
export function mhz(value: unknown): number | undefined {
  const t = text(value);
  const m = t === undefined ? null : /^(\d+(?:\.\d+)?)\s*(GHz|MHz)?$/i.exec(t);
  if (m === null) return undefined;
  const factor = (m[2] ?? 'MHz').toLowerCase() === 'ghz' ? 1000 : 1;
  return Math.round(Number(m[1]) * factor * 1000) / 1000;
}

/** A MAC in lower case with colons (`00-50-56-AA-BB-CC` too); zero and malformed are absent. */
export function mac(value: unknown): string | undefined {
  const t = text(value)?.toLowerCase().replace(/-/g, ':');
  if (t === undefined || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(t) || t === '00:00:00:00:00:00')
    return undefined;
  return t;
}

/** Addresses worth matching on: not loopback, not IPv6 link-local. */
export function usableIp(value: unknown): string | undefined {
  const t = text(value);
  if (t === undefined || /^127\./.test(t) || t === '::1' || /^fe80:/i.test(t)) return undefined;
  return t;
}

const FAMILIES: readonly (readonly [RegExp, string])[] = [
  [/windows|win32/i, 'windows'],
  [/solaris|sunos/i, 'solaris'],
  [/darwin|mac ?os/i, 'macos'],
  [/bsd|dragonfly/i, 'bsd'],
  [/^aix$/i, 'aix'],
  [/hp-?ux/i, 'hp-ux'],
  [
    /linux|redhat|debian|suse|gentoo|arch|alpine|mandrake|slackware|coreos|altlinux|clear/i,
    'linux',
  ],
];

/** `linux`, `windows`, `solaris` … from facter's `kernel`/`os.family` or Ansible's `os_family`/`system`. */
export function osFamily(...hints: unknown[]): string | undefined {
  for (const hint of hints) {
    const t = text(hint);
    if (t === undefined) continue;
    const hit = FAMILIES.find(([pattern]) => pattern.test(t));
    if (hit !== undefined) return hit[1];
  }
  return undefined;
}

export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function unique<T>(values: readonly (T | undefined)[]): T[] | undefined {
  const out = [...new Set(values.filter((v): v is T => v !== undefined))];
  return out.length > 0 ? out : undefined;
}
