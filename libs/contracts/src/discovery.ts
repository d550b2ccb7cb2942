import { z } from 'zod';
import { assetAttributesSchema } from './asset';
import {
  actorSchema,
  assetIdSchema,
  idSchema,
  isoDateTimeSchema,
  jsonBytes,
  nameSchema,
  objectRefSchema,
  pageRequestShape,
  pageSchema,
  textSchema,
  wireErrorSchema,
} from './common';
import { defineEvent, defineRequest } from './contract';

/** What a credential opens. */
export const credentialKindSchema = z.enum([
  'ssh-password',
  'ssh-key',
  'snmp-v2c',
  'snmp-v3',
  'vsphere',
  'prometheus',
  'kubernetes',
]);
export type CredentialKind = z.infer<typeof credentialKindSchema>;

/** Longest secret accepted (characters; an SSH private key fits). */
export const SECRET_MAX = 16 * 1024;

/**
 * A new credential. `secret` is write-only: a password, token, community string or
 * private key, or named parts (`{ auth, priv }` for SNMPv3). It is encrypted at rest and
 * no response schema has a field that could carry it.
 */
export const credentialCreateSchema = z.strictObject({
  name: nameSchema,
  kind: credentialKindSchema,
  username: textSchema(200).optional(),
  secret: z.union([
    z.string().min(1).max(SECRET_MAX),
    z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), z.string().min(1).max(SECRET_MAX))
      .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 8, {
        message: 'give 1 to 8 named parts',
      }),
  ]),
  description: z.string().max(2000).optional(),
});
export type CredentialCreate = z.infer<typeof credentialCreateSchema>;

/** A stored credential as every response shows it: never the secret. */
export const credentialSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  kind: credentialKindSchema,
  username: textSchema(200).optional(),
  description: z.string().max(2000).optional(),
  createdAt: isoDateTimeSchema,
  createdBy: actorSchema.optional(),
});
export type Credential = z.infer<typeof credentialSchema>;

export const probeSchema = z.enum(['tcp', 'ssh', 'snmp', 'vsphere', 'prometheus', 'kubernetes']);
export type Probe = z.infer<typeof probeSchema>;

/** TCP ports of a scan: 1 to 64 distinct ports. */
export const scanPortsSchema = z
  .array(z.number().int().min(1).max(65_535))
  .min(1)
  .max(64)
  .refine((ports) => new Set(ports).size === ports.length, { message: 'has a port twice' });

/** An http(s) URL of a manager (vCenter SDK, Prometheus); credentials never go in it. */
export const endpointUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2048)
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), {
    message: 'must not hold a user or password: give a credential',
  });

/** What a scan looks at, and how (its fields, without the checks across them). */
export const scanSpecShape = {
  name: nameSchema.optional(),
  /** IPv4/IPv6 ranges in CIDR notation. */
  cidrs: z
    .array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'must be a CIDR range'))
    .max(256)
    .default([]),
  /** Host names or addresses. */
  hosts: z.array(textSchema(255)).max(1000).default([]),
  probes: z.array(probeSchema).min(1),
  /** TCP ports the `tcp` probe tries; default 22, 80, 443, 5985, 5986, 9100, 3389. */
  ports: scanPortsSchema.optional(),
  /**
   * Credentials the address probes try in order (`ssh-password`/`ssh-key` for ssh,
   * `snmp-v2c`/`snmp-v3` for snmp; the next after a refused login).
   */
  credentialIds: z.array(idSchema).max(32).default([]),
  /** vCenters the `vsphere` probe reads (SDK URL and a `vsphere` credential). */
  vcenters: z
    .array(
      z.strictObject({
        url: endpointUrlSchema,
        credentialId: idSchema,
        /** Accept a self-signed certificate (lab vCenters); default false. */
        insecure: z.boolean().default(false),
      }),
    )
    .max(16)
    .default([]),
  /** Prometheus servers the `prometheus` probe reads (optionally a `prometheus` bearer-token credential). */
  prometheus: z
    .array(z.strictObject({ url: endpointUrlSchema, credentialId: idSchema.optional() }))
    .max(16)
    .default([]),
  /** Kubernetes clusters the `kubernetes` probe reads, each by a `kubernetes` credential (a kubeconfig). */
  kubernetes: z
    .array(
      z.strictObject({
        credentialId: idSchema,
        /** The kubeconfig context to use; default its current-context. */
        context: textSchema(253).optional(),
      }),
    )
    .max(16)
    .default([]),
  /** SSH port of the targets; default 22. */
  sshPort: z.number().int().min(1).max(65_535).default(22),
  /** SNMP UDP port of the targets; default 161. */
  snmpPort: z.number().int().min(1).max(65_535).default(161),
  /** Read dmidecode through `sudo -n` over SSH; default false. */
  sudo: z.boolean().default(false),
  /** SSH utilization sample window, s (0: none); default 60. */
  sampleSeconds: z.number().int().min(0).max(3600).default(60),
  /** Hours of vCenter and Prometheus history read; default 24. */
  historyHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 400)
    .default(24),
  /** Per-target timeout, ms; default 5,000. */
  timeoutMs: z.number().int().min(100).max(600_000).default(5000),
  /** Retries per target after a timeout; default 1. */
  retries: z.number().int().min(0).max(5).default(1),
  /** Targets probed at once; default 64. */
  concurrency: z.number().int().min(1).max(1024).default(64),
};

type ScanSpec = z.output<z.ZodObject<typeof scanSpecShape>>;

/** The checks across a scan's fields: something to look at, and each manager with its probe. */
export function checkScanSpec(s: ScanSpec, ctx: z.RefinementCtx, at: PropertyKey[] = []): void {
  const issue = (path: PropertyKey[], message: string) =>
    ctx.addIssue({ code: 'custom', path: [...at, ...path], message });
  if (
    s.cidrs.length +
      s.hosts.length +
      s.vcenters.length +
      s.prometheus.length +
      s.kubernetes.length ===
    0
  )
    issue(['cidrs'], 'give at least one of cidrs, hosts, vcenters, prometheus or kubernetes');
  const managers = [
    ['vsphere', 'vcenters'],
    ['prometheus', 'prometheus'],
    ['kubernetes', 'kubernetes'],
  ] as const;
  for (const [probe, field] of managers) {
    const listed = s.probes.includes(probe);
    if (listed && s[field].length === 0) issue([field], `the ${probe} probe needs ${field}`);
    if (!listed && s[field].length > 0)
      issue(['probes'], `${field} are read by the ${probe} probe: add it to probes`);
  }
}

/** What a scan looks at, and how. */
export const scanCreateSchema = z
  .strictObject(scanSpecShape)
  .superRefine((s, ctx) => checkScanSpec(s, ctx));
export type ScanCreate = z.output<typeof scanCreateSchema>;
export type ScanCreateInput = z.input<typeof scanCreateSchema>;

/**
 * `pending`: stored, waiting for a scan runner of the discovery service to claim it;
 * `queued`: handed to a prober; `running`: claimed by one runner; then an end state
 * (`succeeded`, `failed` with `error`, `cancelled`).
 */
export const scanStatusSchema = z.enum([
  'pending',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
]);
export type ScanStatus = z.infer<typeof scanStatusSchema>;

export const scanJobSchema = z.strictObject({
  id: idSchema,
  name: nameSchema.optional(),
  status: scanStatusSchema,
  cidrs: z.array(z.string()),
  hosts: z.array(z.string()),
  probes: z.array(probeSchema),
  ports: z.array(z.number().int().min(1).max(65_535)).optional(),
  credentialIds: z.array(idSchema),
  vcenters: scanSpecShape.vcenters.optional(),
  prometheus: scanSpecShape.prometheus.optional(),
  kubernetes: scanSpecShape.kubernetes.optional(),
  sshPort: z.number().int().optional(),
  snmpPort: z.number().int().optional(),
  sudo: z.boolean().optional(),
  sampleSeconds: z.number().int().optional(),
  historyHours: z.number().int().optional(),
  timeoutMs: z.number().int().optional(),
  retries: z.number().int().optional(),
  concurrency: z.number().int().optional(),
  /** The schedule that started it, if one did. */
  scheduleId: idSchema.optional(),
  progress: z.strictObject({
    /** Addresses to sweep (or targets, before the scan expanded them). */
    targets: z.number().int().nonnegative(),
    /** Of the current phase: addresses swept, then targets probed. */
    done: z.number().int().nonnegative(),
    observations: z.number().int().nonnegative(),
    /** The phase running: `sweep`, `probe`, `managers`, then `publish`. */
    phase: z.enum(['sweep', 'probe', 'managers', 'publish']).optional(),
    /** Machines found (after joining what one machine answered on each source). */
    machines: z.number().int().nonnegative().optional(),
    /** Workload samples sent to workloads' ingest (5-minute grid). */
    samples: z.number().int().nonnegative().optional(),
  }),
  createdAt: isoDateTimeSchema,
  startedAt: isoDateTimeSchema.optional(),
  finishedAt: isoDateTimeSchema.optional(),
  error: wireErrorSchema.optional(),
  /** What the runner noted: probes that failed on a target and why, targets refused, samples not sent. */
  notes: z.array(textSchema(500)).max(32).optional(),
});
export type ScanJob = z.infer<typeof scanJobSchema>;

/**
 * A scan schedule: a cron expression (5 fields: minute hour day-of-month month
 * day-of-week, e.g. `0 2 * * *`) in an IANA time zone; at each time it is due, the
 * discovery service creates one scan of `scan` (a missed time while no replica ran is run
 * once, not once per miss).
 */
export const scheduleCreateSchema = z.strictObject({
  name: nameSchema,
  cron: textSchema(100),
  /** IANA zone the cron times are in; default UTC. */
  timeZone: textSchema(64).default('UTC'),
  enabled: z.boolean().default(true),
  scan: z.strictObject(scanSpecShape).superRefine((s, ctx) => checkScanSpec(s, ctx)),
});
export type ScheduleCreate = z.output<typeof scheduleCreateSchema>;
export type ScheduleCreateInput = z.input<typeof scheduleCreateSchema>;

export const scheduleSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  cron: z.string(),
  timeZone: z.string(),
  enabled: z.boolean(),
  /** The scan each run creates, as given (with defaults). */
  scan: z.strictObject(scanSpecShape),
  /** When it is next due (absent when disabled). */
  nextRunAt: isoDateTimeSchema.optional(),
  lastRunAt: isoDateTimeSchema.optional(),
  lastScanId: idSchema.optional(),
  createdAt: isoDateTimeSchema,
  createdBy: actorSchema.optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** Most bytes of file text carried inline in one import request; larger files go by object. */
export const MAX_INLINE_IMPORT_BYTES = 512 * 1024;

/**
 * A file that arrived through discovery, published as one observation per asset. The
 * text is inline (at most 512 KiB as JSON) or an Object Store reference.
 */
export const fileImportSchema = z.strictObject({
  format: z.enum(['inventory-csv']),
  /** The file as the user named it (shown in errors and provenance). */
  file: textSchema(512),
  content: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('inline'),
      text: z.string().refine((t) => jsonBytes(t) <= MAX_INLINE_IMPORT_BYTES, {
        message: `is over ${MAX_INLINE_IMPORT_BYTES} bytes as JSON: send it as an object`,
      }),
    }),
    z.strictObject({ kind: z.literal('object'), object: objectRefSchema }),
  ]),
  /** Site of the assets, when the file does not say. */
  site: textSchema(64).optional(),
  /**
   * Who produced the file (`cmdb`, `rvtools-ams1` …): the observations' `source.name`, and
   * so the provenance inventory records; default the format (`inventory-csv`).
   */
  source: textSchema(64).optional(),
});
export type FileImport = z.infer<typeof fileImportSchema>;

export const fileImportResultSchema = z.strictObject({
  id: idSchema,
  file: z.string(),
  format: z.enum(['inventory-csv']),
  /** The observations' `source.name`. */
  source: textSchema(64),
  status: z.enum(['succeeded', 'failed']),
  rows: z.number().int().nonnegative(),
  observations: z.number().int().nonnegative(),
  createdAt: isoDateTimeSchema,
  /** A bad file: `file:row:column: what is wrong`; nothing was published. */
  error: wireErrorSchema.optional(),
});
export type FileImportResult = z.infer<typeof fileImportResultSchema>;

/** Keys inventory matches an observation to an asset by (BIOS/VM UUID, serial, SSH host key, MAC, then FQDN, host name + IP, host name). */
export const assetIdentitySchema = z
  .strictObject({
    assetId: assetIdSchema.optional(),
    biosUuid: textSchema(64).optional(),
    vmUuid: textSchema(64).optional(),
    serial: textSchema(128).optional(),
    /** One SSH host key: an OpenSSH public key line (`ssh-ed25519 AAAA…`) or a `SHA256:`/`MD5:` fingerprint. */
    sshHostKey: textSchema(2048).optional(),
    macs: z.array(textSchema(64)).max(64).optional(),
    hostname: textSchema(255).optional(),
    fqdn: textSchema(255).optional(),
    ips: z.array(textSchema(64)).max(64).optional(),
  })
  .refine(
    (i) => Object.values(i).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0)),
    {
      message: 'give at least one identity key',
    },
  );
export type AssetIdentity = z.infer<typeof assetIdentitySchema>;

/** What a source saw of one asset; inventory reconciles it into an asset with provenance. */
export const observationSchema = z.strictObject({
  observationId: idSchema,
  source: z.strictObject({
    kind: z.enum(['import', 'probe']),
    /** `inventory-csv`, `ssh`, `snmp` … */
    name: textSchema(64),
    importId: idSchema.optional(),
    scanId: idSchema.optional(),
    file: textSchema(512).optional(),
  }),
  observedAt: isoDateTimeSchema,
  identity: assetIdentitySchema,
  attributes: assetAttributesSchema,
});
export type Observation = z.infer<typeof observationSchema>;

const byId = z.strictObject({ id: idSchema });

/** Subjects of the discovery service. */
export const DISCOVERY = {
  createCredential: defineRequest(
    'vplan.discovery.credential.create.v1',
    credentialCreateSchema,
    credentialSchema,
  ),
  getCredential: defineRequest('vplan.discovery.credential.get.v1', byId, credentialSchema),
  listCredentials: defineRequest(
    'vplan.discovery.credential.list.v1',
    z.strictObject({ ...pageRequestShape }),
    pageSchema(credentialSchema),
  ),
  deleteCredential: defineRequest(
    'vplan.discovery.credential.delete.v1',
    byId,
    z.strictObject({ id: idSchema, deleted: z.boolean() }),
  ),
  createScan: defineRequest('vplan.discovery.scan.create.v1', scanCreateSchema, scanJobSchema),
  getScan: defineRequest('vplan.discovery.scan.get.v1', byId, scanJobSchema),
  listScans: defineRequest(
    'vplan.discovery.scan.list.v1',
    z.strictObject({ status: scanStatusSchema.optional(), ...pageRequestShape }),
    pageSchema(scanJobSchema),
  ),
  /** Cancels a pending or running scan; a scan already ended is returned as it is. */
  cancelScan: defineRequest('vplan.discovery.scan.cancel.v1', byId, scanJobSchema),
  createSchedule: defineRequest(
    'vplan.discovery.schedule.create.v1',
    scheduleCreateSchema,
    scheduleSchema,
  ),
  getSchedule: defineRequest('vplan.discovery.schedule.get.v1', byId, scheduleSchema),
  listSchedules: defineRequest(
    'vplan.discovery.schedule.list.v1',
    z.strictObject({ ...pageRequestShape }),
    pageSchema(scheduleSchema),
  ),
  /** Turns a schedule on or off (`enabled`). */
  setScheduleEnabled: defineRequest(
    'vplan.discovery.schedule.enable.v1',
    z.strictObject({ id: idSchema, enabled: z.boolean() }),
    scheduleSchema,
  ),
  deleteSchedule: defineRequest(
    'vplan.discovery.schedule.delete.v1',
    byId,
    z.strictObject({ id: idSchema, deleted: z.boolean() }),
  ),
  importFile: defineRequest(
    'vplan.discovery.import.create.v1',
    fileImportSchema,
    fileImportResultSchema,
  ),
  getImport: defineRequest('vplan.discovery.import.get.v1', byId, fileImportResultSchema),
  observationRecorded: defineEvent(
    'vplan.evt.discovery.observation.recorded.v1',
    'VPLAN_EVT_DISCOVERY',
    observationSchema,
  ),
  /** A scan changed status (claimed, ended, cancelled): the scan job as it is now. */
  scanUpdated: defineEvent(
    'vplan.evt.discovery.scan.updated.v1',
    'VPLAN_EVT_DISCOVERY',
    scanJobSchema,
  ),
} as const;
