// The rule chain: which observations are the same machine (README.md, ARCHITECTURE.md §10).
import { Components } from './components';
import { observationKeys, type ObservationKeys, type RuleKey } from './keys';
import {
  IDENTITY_RULES,
  type IdentityMachine,
  type IdentityMerge,
  type IdentityObservation,
  type IdentityRefusal,
  type IdentityRule,
  type ReconcileOptions,
  type ReconcileResult,
  type VirtualMacPolicy,
} from './observation';

interface Carrier {
  readonly i: number;
  readonly key: RuleKey;
}

interface Run {
  readonly obs: readonly IdentityObservation[];
  readonly keys: readonly ObservationKeys[];
  /** Observation indices in the order carriers are taken (`liveFirst`). */
  readonly order: readonly number[];
  readonly comps: Components;
  readonly rankOf: (tag: string) => number;
  readonly virtualMacs: VirtualMacPolicy;
  readonly merges: IdentityMerge[];
  readonly refusals: IdentityRefusal[];
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function checkedChain(rules: readonly IdentityRule[]): readonly IdentityRule[] {
  const seen = new Set<IdentityRule>();
  for (const rule of rules) {
    if (!IDENTITY_RULES.includes(rule)) throw new RangeError(`reconcile: unknown rule ${rule}`);
    if (seen.has(rule)) throw new RangeError(`reconcile: rule ${rule} listed twice`);
    seen.add(rule);
  }
  return rules;
}

/** Observation indices, live ones first, then stale ones, each in id order. */
function liveFirst(keys: readonly ObservationKeys[]): number[] {
  const live: number[] = [];
  const stale: number[] = [];
  keys.forEach((k, i) => (k.live ? live : stale).push(i));
  return live.concat(stale);
}

/**
 * Keys of `rule` carried by two or more observations, with their carriers in `run.order`,
 * so a key joins the machine that still carries it before one that carried it.
 */
function indexRule(run: Run, rule: IdentityRule): Map<string, Carrier[]> {
  // One map: a key's first carrier as its index until a second one comes.
  const seen = new Map<string, number | Carrier[]>();
  const shared = new Map<string, Carrier[]>();
  const keyOf = (i: number, index: string) =>
    (run.keys[i] as ObservationKeys).byRule[rule].find((k) => k.index === index) as RuleKey;
  for (const i of run.order) {
    for (const key of (run.keys[i] as ObservationKeys).byRule[rule]) {
      if (key.virtual && run.virtualMacs === 'never') continue;
      const got = seen.get(key.index);
      if (got === undefined) seen.set(key.index, i);
      else if (typeof got !== 'number') got.push({ i, key });
      else {
        const list = [
          { i: got, key: keyOf(got, key.index) },
          { i, key },
        ];
        seen.set(key.index, list);
        shared.set(key.index, list);
      }
    }
  }
  return shared;
}

/**
 * MACs carried by live observations of two machines that disagree on a stronger key: the
 * address is duplicated (clones, reuse, spoofing) and cannot say which machine anyone else
 * seeing it belongs to, so it links nothing. Decided before any MAC merge: order-free.
 */
function ambiguousMacs(run: Run, index: Map<string, Carrier[]>, rank: number): Set<string> {
  const out = new Set<string>();
  for (const [mac, carriers] of index) {
    if (carriers.length < 2) continue;
    const roots = new Map<number, Carrier>();
    for (const c of carriers) {
      const root = run.comps.find(c.i);
      if ((run.keys[c.i] as ObservationKeys).live && !roots.has(root)) roots.set(root, c);
    }
    const live = [...roots];
    search: for (let x = 0; x < live.length; x++)
      for (let y = x + 1; y < live.length; y++) {
        const [rx, cx] = live[x] as [number, Carrier];
        const [ry, cy] = live[y] as [number, Carrier];
        const on = run.comps.conflict(rx, ry, rank, run.rankOf);
        if (on === undefined) continue;
        out.add(mac);
        run.refusals.push({
          observation: (run.obs[cy.i] as IdentityObservation).id,
          with: (run.obs[cx.i] as IdentityObservation).id,
          rule: 'mac',
          key: cy.key.shown,
          reason: 'shared-mac',
          on,
        });
        break search;
      }
  }
  return out;
}

/** Why carrier `c` may not join anchor `a` under `rule`, or `undefined` if it may. */
function refusal(run: Run, rule: IdentityRule, rank: number, a: Carrier, c: Carrier) {
  const ra = run.comps.find(a.i);
  const rc = run.comps.find(c.i);
  const on = run.comps.conflict(ra, rc, rank, run.rankOf);
  if (on !== undefined) return { reason: 'conflict' as const, on };
  const uuidBoth = run.comps.hasUuid(ra) && run.comps.hasUuid(rc);
  if (rule === 'mac' && c.key.virtual && run.virtualMacs === 'uuid-less' && uuidBoth)
    return { reason: 'virtual-mac' as const };
  return undefined;
}

/**
 * Applies one rule: the carriers of each key, in id order, each joined to the first
 * earlier machine carrying that key that it does not conflict with (an "anchor").
 */
function linkByRule(run: Run, rule: IdentityRule, rank: number): void {
  const index = indexRule(run, rule);
  const skip = rule === 'mac' ? ambiguousMacs(run, index, rank) : new Set<string>();
  const id = (c: Carrier) => (run.obs[c.i] as IdentityObservation).id;
  for (const [key, carriers] of index) {
    if (skip.has(key)) continue;
    const anchors: Carrier[] = [];
    for (const c of carriers) {
      const rc = run.comps.find(c.i);
      if (anchors.some((a) => run.comps.find(a.i) === rc)) continue;
      let first: IdentityRefusal | undefined;
      let linked = false;
      for (const a of anchors) {
        const why = refusal(run, rule, rank, a, c);
        if (why === undefined) {
          run.comps.union(run.comps.find(a.i), rc);
          run.merges.push({ observation: id(c), with: id(a), rule, key: c.key.shown });
          linked = true;
          break;
        }
        first ??= { observation: id(c), with: id(a), rule, key: c.key.shown, ...why };
      }
      if (linked) continue;
      anchors.push(c);
      if (first) run.refusals.push(first);
    }
  }
}

function collect(run: Run): ReconcileResult {
  const byRoot = new Map<
    number,
    { id: string; members: string[]; merges: IdentityMerge[]; live: boolean }
  >();
  const indexOf = new Map<string, number>();
  run.obs.forEach((o, i) => {
    indexOf.set(o.id, i);
    const root = run.comps.find(i);
    const live = (run.keys[i] as ObservationKeys).live;
    const m = byRoot.get(root);
    if (m) {
      m.members.push(o.id);
      m.live ||= live;
    } else byRoot.set(root, { id: o.id, members: [o.id], merges: [], live });
  });
  for (const merge of run.merges)
    byRoot.get(run.comps.find(indexOf.get(merge.observation) as number))?.merges.push(merge);
  const machines: IdentityMachine[] = [...byRoot.values()];
  return { machines, refusals: run.refusals };
}

/**
 * Decides which observations are the same machine by the rule chain (strongest first;
 * default {@link IDENTITY_RULES}): each rule joins observations whose normalised key is
 * equal, unless their machines disagree on a stronger single-valued key (BIOS UUID, VM
 * UUID, serial, SSH host key of one algorithm) — see README.md for every rule, the
 * cannot-link semantics and the MAC policies. Every merge records the first rule that
 * matched. The result does not depend on input order (observations are taken in id
 * order). Runs in O(n α(n)) plus the keys' sizes. Throws on duplicate ids or an unknown or
 * repeated rule (broken invariants).
 */
export function reconcile(
  observations: readonly IdentityObservation[],
  options: ReconcileOptions = {},
): ReconcileResult {
  const chain = checkedChain(options.rules ?? IDENTITY_RULES);
  const obs = [...observations].sort((a, b) => byCodeUnits(a.id, b.id));
  for (let i = 1; i < obs.length; i++)
    if ((obs[i] as IdentityObservation).id === (obs[i - 1] as IdentityObservation).id)
      throw new RangeError(
        `reconcile: duplicate observation id ${(obs[i] as IdentityObservation).id}`,
      );
  const keys = obs.map(observationKeys);
  const ranks = new Map<string, number>();
  const rankOf = (tag: string): number => {
    let r = ranks.get(tag);
    if (r === undefined) {
      const at = chain.indexOf(tag.split(':')[0] as IdentityRule);
      r = at < 0 ? Infinity : at;
      ranks.set(tag, r);
    }
    return r;
  };
  const run: Run = {
    obs,
    keys,
    order: liveFirst(keys),
    comps: new Components(keys),
    rankOf,
    virtualMacs: options.virtualMacs ?? 'uuid-less',
    merges: [],
    refusals: [],
  };
  chain.forEach((rule, rank) => linkByRule(run, rule, rank));
  return collect(run);
}
