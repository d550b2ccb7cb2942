/**
 * The generic inventory CSV's columns (INVENTORY_COLUMNS), shared by the reader, the
 * writer and the documentation.
 */

/** Documentation of one inventory column (for the README and `--help`). */
export interface InventoryColumn {
  /** Canonical header name. */
  readonly column: string;
  /** Other accepted header names (matched case-insensitively; spaces/dashes = `_`). */
  readonly aliases: readonly string[];
  /** Unit of the value, `''` for text. */
  readonly unit: string;
  readonly meaning: string;
}

/** The generic inventory CSV's columns. Only `id` is required; every column is optional. */
export const INVENTORY_COLUMNS = [
  {
    column: 'id',
    aliases: ['asset', 'asset_id', 'vm', 'vm_name', 'name', 'server'],
    unit: '',
    meaning: 'Asset id (required, unique); joins workload traces',
  },
  {
    column: 'hostname',
    aliases: ['host_name', 'dns_name'],
    unit: '',
    meaning: 'Host name of the server',
  },
  {
    column: 'site',
    aliases: ['datacenter', 'data_center', 'dc'],
    unit: '',
    meaning: 'Data center or site',
  },
  {
    column: 'cpu_mhz',
    aliases: ['cpu_capacity_mhz', 'mhz'],
    unit: 'MHz',
    meaning: 'Provisioned CPU (cores × clock); wins over cores × cpu_ghz',
  },
  {
    column: 'cores',
    aliases: ['cpu_cores', 'vcpus', 'vcpu', 'cpus', 'num_cpus'],
    unit: 'count',
    meaning: 'CPU cores (integer)',
  },
  {
    column: 'cpu_ghz',
    aliases: ['ghz', 'clock_ghz', 'cpu_clock_ghz'],
    unit: 'GHz',
    meaning: 'Per-core clock; with cores gives cpu_mhz = cores × GHz × 1000',
  },
  {
    column: 'cpu_model',
    aliases: ['cpu', 'processor', 'cpu_type'],
    unit: '',
    meaning:
      'Processor model as written (`Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz`); keys the CPU rating table',
  },
  {
    column: 'cpu_rating',
    aliases: [],
    unit: 'per core',
    meaning: "The server's own SPECrate2017_int_base per core (> 0); wins over cpu_model's rating",
  },
  {
    column: 'memory_gb',
    aliases: ['memory_gib', 'ram_gb', 'mem_gb', 'memory'],
    unit: 'GiB',
    meaning: 'Provisioned memory; wins over memory_mb',
  },
  {
    column: 'memory_mb',
    aliases: ['memory_mib', 'ram_mb', 'mem_mb'],
    unit: 'MiB',
    meaning: 'Provisioned memory (÷ 1024 → GiB)',
  },
  {
    column: 'environment',
    aliases: ['env'],
    unit: '',
    meaning: 'prod, test, dev …; rules may keep environments apart',
  },
  {
    column: 'owner',
    aliases: ['application_owner'],
    unit: '',
    meaning: 'Responsible person or team',
  },
  { column: 'department', aliases: ['dept'], unit: '', meaning: 'Department, for chargeback' },
  {
    column: 'cost_center',
    aliases: ['costcenter', 'cost_centre'],
    unit: '',
    meaning: 'Cost center, for chargeback',
  },
  { column: 'application', aliases: ['app'], unit: '', meaning: 'Application the server runs' },
  { column: 'role', aliases: ['server_role'], unit: '', meaning: 'Role of the server (web, db …)' },
  {
    column: 'availability',
    aliases: ['availability_target', 'availability_tier', 'sla'],
    unit: '%',
    meaning:
      'Availability target: a percentage such as 99.9 (a trailing % is dropped) or a tier name',
  },
  {
    column: 'maintenance_window',
    aliases: ['maintenance_windows', 'maintenance', 'patch_window'],
    unit: 'local time',
    meaning:
      'Weekly windows such as `Sun 02:00-06:00; Wed 22:00-23:30`, `Sat 23:00-01:00` (wraps past midnight), `Mon-Fri 22:00-24:00`, `daily 03:00-04:00`, `Sat 22:00-Mon 06:00` or `any`',
  },
  {
    column: 'timezone',
    aliases: ['time_zone', 'tz', 'maintenance_timezone'],
    unit: '',
    meaning:
      'Time zone of the maintenance windows: IANA name (Europe/Amsterdam), UTC or an offset such as +01:00 (default UTC)',
  },
  {
    column: 'compliance',
    aliases: ['compliance_tags', 'compliance_zone'],
    unit: 'list',
    meaning: 'Compliance tags such as `pci;sox`, lower-cased',
  },
  {
    column: 'os',
    aliases: ['operating_system', 'os_name'],
    unit: '',
    meaning:
      'OS as written (`Windows Server 2012 R2`, `RHEL 7.9`): gives os_version, and os_family from the name (`other` when unknown)',
  },
  {
    column: 'os_family',
    aliases: ['os_type'],
    unit: '',
    meaning:
      'windows, linux, solaris, aix, hpux, bsd or other (distribution names such as RHEL map to linux); wins over os',
  },
  {
    column: 'os_version',
    aliases: [],
    unit: '',
    meaning: 'OS product and version, kept as written; wins over os',
  },
  {
    column: 'vlans',
    aliases: ['vlan', 'vlan_ids', 'vlan_id'],
    unit: 'list',
    meaning: 'VLAN ids (1–4094) or names the server must reach, `;`-separated',
  },
  {
    column: 'subnet',
    aliases: ['cidr', 'ip_subnet'],
    unit: 'CIDR',
    meaning: 'IPv4 or IPv6 subnet such as 10.1.2.0/24; host bits are cleared',
  },
  {
    column: 'storage',
    aliases: ['storage_kind', 'storage_type'],
    unit: '',
    meaning: 'local, san or nas (also das, fc, iscsi, nfs, smb, cifs)',
  },
  {
    column: 'peripherals',
    aliases: ['peripheral', 'devices'],
    unit: 'list',
    meaning:
      'Attached devices, `;`-separated free tags, lower-cased: usb-dongle, serial, parallel, fax, tape, gpu, fc-hba …',
  },
  {
    column: 'ups_required',
    aliases: ['ups'],
    unit: 'yes/no',
    meaning: 'Must run on UPS-backed power: yes, no, true, false, 1 or 0',
  },
  {
    column: 'affinity_group',
    aliases: ['affinity'],
    unit: '',
    meaning: 'Members belong together on one host (or cluster)',
  },
  {
    column: 'anti_affinity_group',
    aliases: ['anti_affinity'],
    unit: '',
    meaning: 'Members never share a host',
  },
  {
    column: 'dr_group',
    aliases: ['dr'],
    unit: '',
    meaning: 'DR group: members never share a host',
  },
] as const satisfies readonly InventoryColumn[];

export type InventoryKey = (typeof INVENTORY_COLUMNS)[number]['column'];
