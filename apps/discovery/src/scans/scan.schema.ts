import type { Probe, ScanCreate, ScanJob, ScanStatus, WireError } from '@vplan/contracts';
import { Schema } from 'mongoose';

/** A scan job as stored (collection `scans`). */
export interface ScanDoc {
  _id: string;
  name?: string;
  status: ScanStatus;
  cidrs: string[];
  hosts: string[];
  probes: Probe[];
  ports?: number[];
  /** Credentials the address probes (ssh, snmp) try in order. */
  credentialIds: string[];
  vcenters: ScanCreate['vcenters'];
  prometheus: ScanCreate['prometheus'];
  kubernetes: ScanCreate['kubernetes'];
  sshPort: number;
  snmpPort: number;
  sudo: boolean;
  /** SSH utilization sample window, s; hours of manager history read. */
  sampleSeconds: number;
  historyHours: number;
  /** For the probes: per-target timeout (ms), retries, targets at once. */
  timeoutMs: number;
  retries: number;
  concurrency: number;
  scheduleId?: string;
  progress: ScanProgress;
  createdAt: Date;
  createdBy?: string;
  startedAt?: Date;
  finishedAt?: Date;
  error?: WireError;
  notes?: string[];
  /** Set by a cancel while running: the runner that holds the scan stops at its next tick. */
  cancelRequested?: boolean;
  /** Times the scan was given back to `pending` (a shutdown): the claim key's generation. */
  attempts?: number;
}

export type ScanProgress = ScanJob['progress'];

/** A claimed scan, as the runner needs it. */
export type ClaimedScan = Omit<
  ScanDoc,
  | 'status'
  | 'progress'
  | 'createdAt'
  | 'createdBy'
  | 'notes'
  | 'error'
  | 'cancelRequested'
  | 'attempts'
>;

export const scanSchema = new Schema<ScanDoc>(
  {
    _id: { type: String, required: true },
    name: String,
    status: { type: String, required: true },
    cidrs: [String],
    hosts: [String],
    probes: [String],
    ports: { type: [Number], default: undefined },
    credentialIds: [String],
    vcenters: Schema.Types.Mixed,
    prometheus: Schema.Types.Mixed,
    kubernetes: Schema.Types.Mixed,
    sshPort: Number,
    snmpPort: Number,
    sudo: Boolean,
    sampleSeconds: Number,
    historyHours: Number,
    timeoutMs: Number,
    retries: Number,
    concurrency: Number,
    scheduleId: String,
    progress: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
    createdBy: String,
    startedAt: Date,
    finishedAt: Date,
    error: Schema.Types.Mixed,
    notes: { type: [String], default: undefined },
    cancelRequested: Boolean,
    attempts: Number,
  },
  { versionKey: false, autoIndex: false, minimize: false },
);
scanSchema.index({ status: 1, _id: -1 });

/**
 * A stored scan as the contract shows it. Scans stored before the managers' fields existed
 * read with the contract's defaults (port 22/161, 60 s samples, 24 h history).
 */
export function scanView(doc: ScanDoc): ScanJob {
  const p = doc.progress;
  return {
    id: doc._id,
    ...(doc.name ? { name: doc.name } : {}),
    status: doc.status,
    cidrs: doc.cidrs,
    hosts: doc.hosts,
    probes: doc.probes,
    ...(doc.ports && doc.ports.length > 0 ? { ports: doc.ports } : {}),
    credentialIds: doc.credentialIds,
    vcenters: doc.vcenters ?? [],
    prometheus: doc.prometheus ?? [],
    kubernetes: doc.kubernetes ?? [],
    sshPort: doc.sshPort ?? 22,
    snmpPort: doc.snmpPort ?? 161,
    sudo: doc.sudo ?? false,
    sampleSeconds: doc.sampleSeconds ?? 60,
    historyHours: doc.historyHours ?? 24,
    timeoutMs: doc.timeoutMs,
    retries: doc.retries,
    concurrency: doc.concurrency,
    ...(doc.scheduleId ? { scheduleId: doc.scheduleId } : {}),
    progress: {
      targets: p.targets,
      done: p.done,
      observations: p.observations,
      ...(p.phase ? { phase: p.phase } : {}),
      ...(p.machines !== undefined ? { machines: p.machines } : {}),
      ...(p.samples !== undefined ? { samples: p.samples } : {}),
    },
    createdAt: doc.createdAt.toISOString(),
    ...(doc.startedAt ? { startedAt: doc.startedAt.toISOString() } : {}),
    ...(doc.finishedAt ? { finishedAt: doc.finishedAt.toISOString() } : {}),
    ...(doc.error ? { error: doc.error } : {}),
    ...(doc.notes && doc.notes.length > 0 ? { notes: doc.notes } : {}),
  };
}

/** A scan as the runner reads it: the stored fields, older scans with the contract's defaults. */
export function claimedScan(doc: ScanDoc): ClaimedScan {
  const v = scanView(doc);
  return {
    _id: doc._id,
    ...(doc.name ? { name: doc.name } : {}),
    cidrs: doc.cidrs,
    hosts: doc.hosts,
    probes: doc.probes,
    ...(doc.ports && doc.ports.length > 0 ? { ports: doc.ports } : {}),
    credentialIds: doc.credentialIds,
    vcenters: v.vcenters ?? [],
    prometheus: v.prometheus ?? [],
    kubernetes: v.kubernetes ?? [],
    sshPort: v.sshPort ?? 22,
    snmpPort: v.snmpPort ?? 161,
    sudo: v.sudo ?? false,
    sampleSeconds: v.sampleSeconds ?? 60,
    historyHours: v.historyHours ?? 24,
    timeoutMs: doc.timeoutMs,
    retries: doc.retries,
    concurrency: doc.concurrency,
    ...(doc.scheduleId ? { scheduleId: doc.scheduleId } : {}),
    ...(doc.startedAt ? { startedAt: doc.startedAt } : {}),
  };
}
