import type { Asset, EstateBaseline, MetricSeries } from '@vplan/domain';
import type { PlanSource } from '@vplan/engine';
import type { PlanOptions } from '@vplan/formats';
import type { PlanSummary, WireError } from '@vplan/contracts';

/** A YAML document of the constraints service, with the label its messages name. */
export interface SourceDocument {
  /** `rulesets/<name>@<version>`: shown in the plan summary and in parse errors. */
  readonly file: string;
  readonly text: string;
}

/**
 * What the planning worker thread plans: the joined estate (series values travel as
 * transferred Float32Array buffers; today's baseline, plain data, is copied whole by the
 * structured clone), the scenario's options and the rule and target sources. The worker does the CPU-bound part — plan, report, CSV — so the service's
 * event loop stays free for HTTP, NATS and the JetStream heartbeat.
 */
export interface PlanTask {
  readonly assets: readonly Asset[];
  readonly series: readonly MetricSeries[];
  /** Today's hosts and skipped VMs (the inventory's RVTools baseline), when known. */
  readonly baseline?: EstateBaseline;
  readonly options: PlanOptions;
  readonly source: PlanSource;
  readonly ruleSet?: SourceDocument;
  readonly targets?: SourceDocument & { readonly target?: string };
}

/** The worker's answer: the three files, rendered (report as the CLI writes it). */
export interface PlanArtifacts {
  readonly planJson: string;
  readonly planCsv: string;
  readonly reportHtml: string;
  readonly summary: PlanSummary;
}

/** Messages from the worker to the service. */
export type WorkerMessage =
  | { readonly kind: 'phase'; readonly phase: string }
  | {
      readonly kind: 'packing';
      readonly hosts: number | undefined;
      readonly lowerBound: number;
      readonly elapsedMs: number;
    }
  | { readonly kind: 'done'; readonly artifacts: PlanArtifacts }
  | { readonly kind: 'failed'; readonly error: WireError };

/** The buffers of a task's series, to transfer rather than copy to the worker. */
export function transferablesOf(task: PlanTask): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const s of task.series) {
    const buffer = s.values.buffer;
    if (buffer instanceof ArrayBuffer) seen.add(buffer);
  }
  return [...seen];
}
