// The incremental identity matcher: one observation against the stored assets that carry
// any of its keys, by the rule chain of @vplan/identity (first match wins, with its veto).
import { cannotLinkTags, KEY_CHAIN, parseKey, type KeyRule } from './identity';

/** A stored asset carrying at least one of the observation's keys. */
export interface MatchCandidate {
  readonly id: string;
  /** Creation number: among equals, the oldest asset wins. */
  readonly seq: number;
  /** Every identity key the asset carries (its own and what observations brought). */
  readonly keys: readonly string[];
  /** Not stale (default `true`). */
  readonly live?: boolean;
}

/** Why an asset carrying one of the observation's keys was not matched. */
export interface MatchRefusal {
  readonly asset: string;
  readonly rule: KeyRule;
  readonly key: string;
  /**
   * `conflict`: the asset holds another value of a stronger single-valued key (`on`);
   * `shared-mac`: the MAC is carried by two live assets, so it names neither;
   * `ambiguous-name`: a name without a site is carried by two live assets (two sites).
   */
  readonly reason: 'conflict' | 'shared-mac' | 'ambiguous-name';
  readonly on?: string;
}

export type MatchOutcome =
  | {
      readonly matched: true;
      readonly asset: string;
      readonly rule: KeyRule;
      /** The normalised key value (without the `<rule>:` prefix). */
      readonly key: string;
      readonly refusals: readonly MatchRefusal[];
    }
  | { readonly matched: false; readonly refusals: readonly MatchRefusal[] };

const rankOfTag = (tag: string): number => KEY_CHAIN.indexOf(tag.split(':')[0] as KeyRule);

/** The single-valued key stronger than `rank` on which the two disagree (both hold values, none shared). */
function conflictOn(
  incoming: ReadonlyMap<string, ReadonlySet<string>>,
  stored: ReadonlyMap<string, ReadonlySet<string>>,
  rank: number,
): string | undefined {
  for (const [tag, values] of incoming) {
    if (rankOfTag(tag) >= rank) continue;
    const theirs = stored.get(tag);
    if (theirs !== undefined && ![...values].some((v) => theirs.has(v))) return tag;
  }
  return undefined;
}

/**
 * `hostname-ip` when both carry addresses of host `siteHost` (`site|host`) and share
 * none: a bare host name links only records whose addresses do not contradict it, as the
 * lib keeps one name with two addresses in a site apart.
 */
function addressesDisagree(
  mine: readonly string[],
  theirs: readonly string[],
  siteHost: string,
): string | undefined {
  const prefix = `hostname-ip:${siteHost}|`;
  const a = mine.filter((k) => k.startsWith(prefix));
  const b = new Set(theirs.filter((k) => k.startsWith(prefix)));
  return a.length > 0 && b.size > 0 && !a.some((k) => b.has(k)) ? 'hostname-ip' : undefined;
}

/** Rules whose keys are scoped by site (`site|…`). */
const NAMED: ReadonlySet<KeyRule> = new Set<KeyRule>(['hostname-ip', 'hostname']);

/**
 * The keys of one rule to look up, in order: the observation's own, then for sited names
 * the same name without a site (`|host…`), which finds an asset no source gave a site.
 */
function lookups(texts: readonly string[], rule: KeyRule): { text: string; fallback: boolean }[] {
  const own = [...new Set(texts)].sort();
  const out = own.map((text) => ({ text, fallback: false }));
  if (!NAMED.has(rule)) return out;
  for (const text of own) {
    const value = text.slice(rule.length + 1);
    const bar = value.indexOf('|');
    const bare = `${rule}:${value.slice(bar)}`;
    if (bar > 0 && !own.includes(bare) && !out.some((o) => o.text === bare))
      out.push({ text: bare, fallback: true });
  }
  return out;
}

/** Every key `matchObservation` looks up for `keys` (the store's candidates: carriers of any). */
export function lookupKeys(keys: readonly string[]): string[] {
  const out = new Set(keys);
  for (const rule of NAMED) {
    const own = keys.filter((k) => k.startsWith(`${rule}:`));
    for (const { text } of lookups(own, rule)) out.add(text);
  }
  return [...out];
}

/** Whether `c` carries the site-less name `value` (`|host…`) also under some site. */
function sitedElsewhere(c: MatchCandidate, rule: KeyRule, value: string): boolean {
  const prefix = `${rule}:`;
  return c.keys.some(
    (k) => k.startsWith(prefix) && k.endsWith(value) && k.length > prefix.length + value.length,
  );
}

/** Carriers of a key: live assets first, then stale ones, each oldest first. */
const carrierOrder = (a: MatchCandidate, b: MatchCandidate): number =>
  Number(a.live === false) - Number(b.live === false) || a.seq - b.seq;

/**
 * Matches one observation (its normalised keys, `identity.ts`) to the asset it is, among
 * `candidates` (the stored assets carrying any of those keys). Rules run strongest first
 * ({@link KEY_CHAIN}); within a rule, each key's carriers live first, then oldest first;
 * the first carrier that passes the veto wins, so the recorded rule is the first rule of
 * the chain that matched. Veto (the lib's cannot-link): an asset that holds a different
 * value of a single-valued key stronger than the rule (BIOS UUID, VM UUID, serial, SSH
 * host key of one algorithm) while the observation holds one too is another machine; a
 * MAC carried by two different live assets links nothing (clones, reuse, spoofing); a
 * bare host name (the inventory's weakest rule) does not link records whose addresses of
 * that host in that site all differ. Names are scoped by site; a name without a site
 * finds a sited asset (which carries its names without the site too) unless two live
 * assets carry it, and a sited name falls back to an asset that has the name with no site.
 * Incremental by design: an observation joins at most one asset and never merges two.
 */
export function matchObservation(
  keys: readonly string[],
  candidates: readonly MatchCandidate[],
): MatchOutcome {
  const mine = cannotLinkTags(keys);
  const tagsOf = new Map(candidates.map((c) => [c.id, cannotLinkTags(c.keys)]));
  const refusals: MatchRefusal[] = [];
  const byRule = new Map<KeyRule, string[]>();
  for (const text of keys) {
    const k = parseKey(text);
    if (k) byRule.set(k.rule, [...(byRule.get(k.rule) ?? []), text]);
  }
  for (const [rank, rule] of KEY_CHAIN.entries()) {
    for (const { text, fallback } of lookups(byRule.get(rule) ?? [], rule)) {
      const value = text.slice(rule.length + 1);
      const carriers = candidates
        .filter((c) => c.keys.includes(text) && !(fallback && sitedElsewhere(c, rule, value)))
        .sort(carrierOrder);
      const live = carriers.filter((c) => c.live !== false);
      const siteless = NAMED.has(rule) && value.startsWith('|');
      if ((rule === 'mac' || siteless) && live.length > 1) {
        const reason = rule === 'mac' ? 'shared-mac' : 'ambiguous-name';
        refusals.push({ asset: (live[1] as MatchCandidate).id, rule, key: value, reason });
        continue;
      }
      for (const c of carriers) {
        const on =
          conflictOn(mine, tagsOf.get(c.id) ?? new Map(), rank) ??
          (rule === 'hostname' ? addressesDisagree(keys, c.keys, value) : undefined);
        if (on === undefined) return { matched: true, asset: c.id, rule, key: value, refusals };
        refusals.push({ asset: c.id, rule, key: value, reason: 'conflict', on });
      }
    }
  }
  return { matched: false, refusals };
}
