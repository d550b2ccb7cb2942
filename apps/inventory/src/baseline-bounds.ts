import {
  BASELINE_MAX_CLUSTERS,
  BASELINE_MAX_HOSTS,
  BASELINE_MAX_NOTES,
  BASELINE_MAX_SKIPPED,
  BASELINE_MAX_VMS_PER_HOST,
  BASELINE_NOTE_MAX,
  estateBaselineSchema,
  jsonBytes,
  type EstateBaselinePayload,
} from '@vplan/contracts';
import type { EstateBaseline } from '@vplan/domain';

/**
 * Most bytes of JSON a stored baseline may weigh. MongoDB (and FerretDB) refuse documents
 * over 16 MiB; BSON spends a key per array element ("0", "1", …) that JSON does not, so
 * 12 MiB of JSON leaves room for that overhead and the document's other fields.
 */
export const BASELINE_MAX_BYTES = 12 * 1024 * 1024;

/** Notes the trimming below may add, kept free in the note budget. */
const TRIM_NOTES = 5;

export type BoundedBaseline =
  | { readonly ok: true; readonly baseline: EstateBaselinePayload }
  | { readonly ok: false; readonly problem: string };

/**
 * The baseline as the inventory stores it: lists cut to the contracts' bounds (hosts,
 * VMs per host, unknown hosts, skipped VMs, clusters, notes), each cut stated in a note;
 * then checked against `estateBaselineSchema` and {@link BASELINE_MAX_BYTES}. A baseline
 * still too large or not valid is refused (the import then writes nothing).
 */
export function boundBaseline(
  baseline: EstateBaseline,
  maxBytes: number = BASELINE_MAX_BYTES,
): BoundedBaseline {
  const cuts: string[] = [];
  const cut = <T>(list: readonly T[], max: number, what: string): T[] => {
    if (list.length <= max) return [...list];
    cuts.push(`the inventory keeps the first ${max} of ${list.length} ${what}`);
    return list.slice(0, max);
  };
  let crowded = 0;
  const hosts = cut(baseline.hosts, BASELINE_MAX_HOSTS, "of today's hosts").map((h) => {
    if (h.vms.length <= BASELINE_MAX_VMS_PER_HOST) return h;
    crowded++;
    return { ...h, vms: h.vms.slice(0, BASELINE_MAX_VMS_PER_HOST) };
  });
  if (crowded > 0)
    cuts.push(
      `${crowded} host(s) list more than ${BASELINE_MAX_VMS_PER_HOST} VMs: the inventory keeps the first ${BASELINE_MAX_VMS_PER_HOST} of each`,
    );
  const unknownHosts = cut(baseline.unknownHosts, BASELINE_MAX_HOSTS, 'unknown host names');
  const skipped = cut(baseline.skipped, BASELINE_MAX_SKIPPED, 'skipped VMs');
  const clusters = baseline.clusters
    ? cut(baseline.clusters, BASELINE_MAX_CLUSTERS, 'clusters')
    : undefined;
  const notes = [
    ...baseline.notes
      .slice(0, BASELINE_MAX_NOTES - TRIM_NOTES)
      .map((n) => (n.length > BASELINE_NOTE_MAX ? `${n.slice(0, BASELINE_NOTE_MAX - 1)}…` : n)),
    ...cuts,
  ];
  const parsed = estateBaselineSchema.safeParse({
    ...baseline,
    hosts,
    unknownHosts,
    skipped,
    ...(clusters ? { clusters } : {}),
    notes,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `today's hosts (vHost) cannot be stored: ${issue?.path.join('.') || 'baseline'} ${issue?.message ?? 'is not valid'}`,
    };
  }
  const bytes = jsonBytes(parsed.data);
  if (bytes > maxBytes)
    return {
      ok: false,
      problem: `today's hosts (vHost) cannot be stored: ${bytes} bytes of JSON, more than ${maxBytes} (the document limit of MongoDB)`,
    };
  return { ok: true, baseline: parsed.data };
}
