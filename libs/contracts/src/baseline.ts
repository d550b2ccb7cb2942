import { z } from 'zod';
import { idSchema, isoDateTimeSchema, objectRefSchema, textSchema } from './common';

// Today's estate (domain `EstateBaseline`): the hosts an RVTools export says VMs run on
// now, what it skipped, its clusters and the reader's notes. The inventory stores the one
// of each RVTools import source; planning reads it for keep-existing and `today`.

/** Most hosts a stored baseline keeps (the inventory trims beyond, with a note). */
export const BASELINE_MAX_HOSTS = 50_000;
/** Most VMs one host of a baseline lists (vSphere runs at most 1,024 per host). */
export const BASELINE_MAX_VMS_PER_HOST = 10_000;
/** Most skipped VMs a baseline lists (the inventory trims beyond, with a note). */
export const BASELINE_MAX_SKIPPED = 200_000;
/** Most clusters a baseline lists. */
export const BASELINE_MAX_CLUSTERS = 10_000;
/** Most notes, and characters per note, a baseline keeps. */
export const BASELINE_MAX_NOTES = 200;
export const BASELINE_NOTE_MAX = 4096;

/** A name or model as the inventory file writes it: 1–1024 characters. */
const label = z.string().min(1).max(1024);
const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();
const share = z.number().min(0).max(1);

/** A host of today's estate (domain `TodayHost`); memory in GiB, clock in MHz, usage 0..1. */
export const todayHostSchema = z.strictObject({
  name: label,
  cluster: label.optional(),
  datacenter: label.optional(),
  hardwareModel: label.optional(),
  cpuModel: label.optional(),
  sockets: count.optional(),
  cores: count.optional(),
  mhz: amount.optional(),
  memoryGiB: amount.optional(),
  cpuUsage: share.optional(),
  memoryUsage: share.optional(),
  /** Asset ids of the powered-on VMs on the host. */
  vms: z.array(label).max(BASELINE_MAX_VMS_PER_HOST),
  vcpus: amount,
  vmMemoryGiB: amount,
  hypervisor: label.optional(),
});
export type TodayHostPayload = z.infer<typeof todayHostSchema>;

/** A cluster of today's estate with its HA/DRS settings (domain `TodayCluster`). */
export const todayClusterSchema = z.strictObject({
  name: label,
  haEnabled: z.boolean().optional(),
  failoverLevel: count.optional(),
  admissionControl: z.boolean().optional(),
  drsEnabled: z.boolean().optional(),
  hosts: count.optional(),
});

/** A VM of the inventory that is not planned, and why (domain `SkippedAsset`). */
export const skippedAssetSchema = z.strictObject({
  asset: label,
  reason: z.enum(['powered-off', 'suspended', 'template', 'duplicate']),
  /** e.g. `export.xlsx:vInfo:812`. */
  where: label.optional(),
});

/** Today's hosts and what the inventory skipped (domain `EstateBaseline`). */
export const estateBaselineSchema = z.strictObject({
  /** What it was read from, e.g. `export.xlsx`. */
  source: label,
  hosts: z.array(todayHostSchema).max(BASELINE_MAX_HOSTS),
  /** Host names VMs refer to that the host inventory lacks. */
  unknownHosts: z.array(label).max(BASELINE_MAX_HOSTS),
  skipped: z.array(skippedAssetSchema).max(BASELINE_MAX_SKIPPED),
  clusters: z.array(todayClusterSchema).max(BASELINE_MAX_CLUSTERS).optional(),
  notes: z.array(z.string().max(BASELINE_NOTE_MAX)).max(BASELINE_MAX_NOTES),
});
export type EstateBaselinePayload = z.infer<typeof estateBaselineSchema>;

/** Which baseline: the one of import source `source`, or (absent) the latest stored. */
export const baselineGetSchema = z.strictObject({
  /** The import's `?source=` name, e.g. `export.xlsx`. */
  source: textSchema(190).optional(),
});
export type BaselineGet = z.infer<typeof baselineGetSchema>;

const storedShape = {
  /** The import source it came from (the import's `?source=`). */
  source: textSchema(190),
  /** The import that stored it. */
  importId: idSchema,
  storedAt: isoDateTimeSchema,
};

/**
 * A stored baseline: inline, or, when its JSON passes PAGE_BYTE_BUDGET (large estates), in
 * the JetStream Object Store as the same JSON (over HTTP always inline).
 */
export const storedBaselineSchema = z.discriminatedUnion('delivery', [
  z.strictObject({
    ...storedShape,
    delivery: z.literal('inline'),
    baseline: estateBaselineSchema,
  }),
  z.strictObject({ ...storedShape, delivery: z.literal('object-store'), object: objectRefSchema }),
]);
export type StoredBaseline = z.infer<typeof storedBaselineSchema>;

/** The answer to a baseline request: `latest` is null when no RVTools import stored one. */
export const baselineLatestSchema = z.strictObject({ latest: storedBaselineSchema.nullable() });
export type BaselineLatest = z.infer<typeof baselineLatestSchema>;
