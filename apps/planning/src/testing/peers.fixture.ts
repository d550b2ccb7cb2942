// Test stand-ins for the peers planning calls over NATS (workloads' estate pages,
// inventory's asset query and baseline, constraints' rule and target sets): real NATS subscriptions
// answering with the contracts' payloads, built from trace files of simulated servers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CONSTRAINTS,
  INVENTORY,
  WORKLOADS,
  encodeFloat32,
  pageFill,
  prefixed,
  type AssetRecord,
} from '@vplan/contracts';
import type { Asset, Estate, EstateBaseline } from '@vplan/domain';
import { loadWorkloads } from '@vplan/file-input';
import { parseTargetModels, unwrapFormatResult } from '@vplan/formats';
import { decodeJson, encodeJson } from '@vplan/platform';
import { parseRuleSet } from '@vplan/rules';
import { generateEstate } from '@vplan/simulation';
import { pickAssets, writeBitbrainsTraces } from '@vplan/testing';
import type { TraceAsset } from '@vplan/workload';
import type { Msg, NatsConnection, Subscription } from 'nats';

export const REPO = resolve(__dirname, '../../../..');

export { TEST_API_KEYS as API_KEYS, TEST_TOKENS as TOKENS } from '@vplan/service-testing';

/**
 * `n` small simulated servers (vplan's own simulator, seed 1; peaks of at most 4000 MHz and
 * 8 GiB, so that each fits the specs' 8000 MHz / 16 GiB hosts), written as Bitbrains files
 * (two weeks of 5-minute rows) and read back as `vplan plan --workloads` reads them.
 */
export async function loadTraces(n: number): Promise<{ estate: Estate; traces: TraceAsset[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'vplan-planning-'));
  try {
    const generated = generateEstate({ servers: n * 10, seed: 1, weeks: 2 });
    const peak = new Map<string, number>();
    for (const s of generated.series) {
      const limit = s.metric === 'cpu' ? 4000 : 8;
      const over = s.values.some((v) => v > limit);
      peak.set(s.assetId, (peak.get(s.assetId) ?? 0) + (over ? 1 : 0));
    }
    const simulated = pickAssets(generated, n, (a) => peak.get(a.id) === 0);
    if (simulated.assets.length < n) throw new Error(`only ${simulated.assets.length} servers`);
    writeBitbrainsTraces(dir, simulated);
    const { estate } = await loadWorkloads({ path: dir, format: 'bitbrains' });
    const traces = estate.assets.map((a) => ({
      id: a.id,
      capacity: a.capacity,
      series: estate.series.filter((s) => s.assetId === a.id),
    }));
    return { estate, traces };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface VersionedSource {
  readonly id: string;
  readonly name: string;
  readonly versions: string[];
}

/**
 * NATS responders standing in for workloads, inventory and constraints. `holdEstate()`
 * keeps estate pages unanswered until `releaseEstate()`. Every reply's size is recorded.
 */
export class PeerResponders {
  private readonly subs: Subscription[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  readonly requests = new Map<string, number>();
  largestReply = 0;
  traces: TraceAsset[] = [];
  inventory: Asset[] = [];
  /** What the inventory answers to INVENTORY.getBaseline (none: `latest: null`). */
  baseline: EstateBaseline | undefined;
  readonly rulesets = new Map<string, VersionedSource>();
  readonly targetSets = new Map<string, VersionedSource>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  start(): void {
    this.serve(WORKLOADS.getEstatePage.subject, (req) => this.estatePage(req));
    this.serve(INVENTORY.queryAssets.subject, (req) => this.assets(req));
    this.serve(INVENTORY.getBaseline.subject, () => ({
      latest: this.baseline
        ? {
            source: this.baseline.source,
            importId: 'import-1',
            storedAt: '2026-01-12T00:00:00.000Z',
            delivery: 'inline',
            baseline: this.baseline,
          }
        : null,
    }));
    this.serve(CONSTRAINTS.listRulesets.subject, (req) => this.list(this.rulesets, req));
    this.serve(CONSTRAINTS.listTargetSets.subject, (req) => this.list(this.targetSets, req));
    this.serve(CONSTRAINTS.getRuleset.subject, (req) => this.get(this.rulesets, req, 'ruleset'));
    this.serve(CONSTRAINTS.getTargetSet.subject, (req) =>
      this.get(this.targetSets, req, 'targets'),
    );
  }

  holdEstate(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  releaseEstate(): void {
    this.open?.();
    this.gate = undefined;
  }

  addSource(kind: 'ruleset' | 'targets', name: string, text: string): number {
    const store = kind === 'ruleset' ? this.rulesets : this.targetSets;
    const doc = store.get(name) ?? { id: `${kind}-${store.size + 1}`, name, versions: [] };
    doc.versions.push(text);
    store.set(name, doc);
    return doc.versions.length;
  }

  stop(): void {
    for (const sub of this.subs) sub.unsubscribe();
    this.releaseEstate();
  }

  private serve(
    subject: string,
    answer: (req: Record<string, unknown>) => Promise<unknown> | unknown,
  ): void {
    const sub = this.nc.subscribe(prefixed(this.prefix, subject), {
      callback: (_err, msg: Msg) => {
        this.requests.set(subject, (this.requests.get(subject) ?? 0) + 1);
        void (async () => {
          let reply: unknown;
          try {
            reply = {
              ok: true,
              data: await answer(decodeJson(msg.data) as Record<string, unknown>),
            };
          } catch (err) {
            reply = { ok: false, error: { code: 'NOT_FOUND', message: (err as Error).message } };
          }
          const bytes = encodeJson(reply);
          this.largestReply = Math.max(this.largestReply, bytes.length);
          msg.respond(bytes);
        })();
      },
    });
    this.subs.push(sub);
  }

  private async estatePage(raw: Record<string, unknown>): Promise<unknown> {
    const req = WORKLOADS.getEstatePage.request.parse(raw);
    if (this.gate) await this.gate;
    const wanted = req.assetIds ? new Set(req.assetIds) : undefined;
    const all = this.traces.filter((t) => !wanted || wanted.has(t.id));
    const start = req.after ? Number(req.after) : 0;
    const items = all.slice(start).map((t) => ({
      id: t.id,
      capacity: t.capacity,
      series: t.series.map((s) => ({
        metric: s.metric,
        stepSeconds: s.stepSeconds,
        start: s.start,
        values: encodeFloat32(s.values),
      })),
    }));
    const n = pageFill(items, req.limit);
    return {
      items: items.slice(0, n),
      ...(start + n < all.length ? { next: String(start + n) } : {}),
    };
  }

  private assets(raw: Record<string, unknown>): unknown {
    const req = INVENTORY.queryAssets.request.parse(raw);
    const env = req.filters['environment'];
    const all = this.inventory.filter((a) => env === undefined || a.business.environment === env);
    const start = req.after ? Number(req.after) : 0;
    const at = '2026-01-12T00:00:00.000Z';
    const records: AssetRecord[] = all.slice(start).map((asset) => ({
      asset: JSON.parse(JSON.stringify(asset)) as AssetRecord['asset'],
      revision: 1,
      provenance: {},
      firstSeen: at,
      lastSeen: at,
      updatedAt: at,
    }));
    const n = pageFill(records, req.limit);
    return {
      items: records.slice(0, n),
      ...(start + n < all.length ? { next: String(start + n) } : {}),
    };
  }

  private list(store: Map<string, VersionedSource>, raw: Record<string, unknown>): unknown {
    const name = raw['name'];
    const items = [...store.values()]
      .filter((d) => name === undefined || d.name === name)
      .map((d) => ({
        id: d.id,
        name: d.name,
        latestVersion: d.versions.length,
        updatedAt: '2026-01-12T00:00:00.000Z',
      }));
    return { items };
  }

  private get(
    store: Map<string, VersionedSource>,
    raw: Record<string, unknown>,
    kind: 'ruleset' | 'targets',
  ): unknown {
    const doc = [...store.values()].find((d) => d.id === raw['id']);
    const version = typeof raw['version'] === 'number' ? raw['version'] : doc?.versions.length;
    const source = doc && version ? doc.versions[version - 1] : undefined;
    if (!doc || !source || !version) throw new Error(`no ${kind} ${String(raw['id'])}`);
    const file = `${doc.name}.yaml`;
    const parsed =
      kind === 'ruleset'
        ? unwrapFormatResult(parseRuleSet(source, file))
        : unwrapFormatResult(parseTargetModels(source, file));
    return {
      id: doc.id,
      name: doc.name,
      version,
      source,
      parsed,
      createdAt: '2026-01-12T00:00:00.000Z',
    };
  }
}
