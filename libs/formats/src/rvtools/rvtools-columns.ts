/** Sheets of an RVTools export that vplan reads. */
export type RvtoolsSheetName =
  'vInfo' | 'vHost' | 'vCPU' | 'vMemory' | 'vNetwork' | 'vDisk' | 'vCluster';

/**
 * Normalized header (lower case, no spaces or punctuation) → canonical field, per sheet,
 * covering RVTools 3.x–4.x names. Memory and storage columns labelled `MB` are MiB (RVTools
 * 4.x relabelled them `MiB`; the values never changed); a `GB`/`GiB` column is detected by
 * its name and converted. Mirrored in docs/rvtools.md.
 */
export const RVTOOLS_COLUMN_ALIASES: Readonly<
  Record<RvtoolsSheetName, Readonly<Record<string, readonly string[]>>>
> = {
  vInfo: {
    vm: ['vm', 'vmname', 'name'],
    powerState: ['powerstate'],
    template: ['template'],
    cpus: ['cpus', 'cpu', 'numcpu', 'vcpus'],
    memory: ['memory', 'memorymb', 'memorymib', 'memorygb', 'memorygib'],
    provisioned: ['provisionedmb', 'provisionedmib', 'provisionedgb', 'provisionedgib'],
    inUse: ['inusemb', 'inusemib', 'inusegb', 'inusegib'],
    host: ['host'],
    cluster: ['cluster'],
    datacenter: ['datacenter'],
    osConfig: ['osaccordingtotheconfigurationfile', 'os'],
    osTools: ['osaccordingtothevmwaretools'],
    vmUuid: ['vmuuid', 'uuid'],
    biosUuid: ['biosuuid', 'smbiosuuid'],
    annotation: ['annotation', 'notes'],
  },
  vHost: {
    host: ['host', 'name'],
    cluster: ['cluster'],
    datacenter: ['datacenter'],
    vendor: ['vendor'],
    model: ['model'],
    cpuModel: ['cpumodel'],
    sockets: ['cpu', 'cpus', 'numcpu'],
    coresPerCpu: ['corespercpu'],
    cores: ['cores', 'numcores'],
    speed: ['speed', 'cpuspeed', 'speedmhz'],
    memory: ['memory', 'memorymb', 'memorymib', 'memorygb', 'memorygib'],
    cpuUsage: ['cpuusage'],
    memoryUsage: ['memoryusage'],
    vms: ['vms', 'numvms'],
    esxVersion: ['esxversion'],
  },
  vCPU: {
    vm: ['vm', 'vmname'],
    overall: ['overall', 'overallmhz'],
  },
  vMemory: {
    vm: ['vm', 'vmname'],
    consumed: ['consumed', 'consumedmb', 'consumedmib'],
    active: ['active', 'activemb', 'activemib'],
  },
  vNetwork: {
    vm: ['vm', 'vmname'],
    network: ['network', 'portgroup', 'networkname'],
  },
  vDisk: {
    vm: ['vm', 'vmname'],
    disk: ['disk', 'diskname'],
    capacity: ['capacitymb', 'capacitymib', 'capacitygb', 'capacitygib'],
    thin: ['thin', 'thinprovisioned'],
    raw: ['raw', 'rdm'],
    rawMode: ['rawcompmode', 'rawcompatibilitymode', 'compatibilitymode'],
    diskMode: ['diskmode', 'disktype'],
    controller: ['controller'],
  },
  vCluster: {
    name: ['name', 'cluster', 'clustername'],
    haEnabled: ['haenabled'],
    failoverLevel: ['failoverlevel', 'hafailoverlevel'],
    admissionControl: ['admissioncontrolenabled', 'haadmissioncontrolenabled'],
    drsEnabled: ['drsenabled'],
    hosts: ['numhosts', 'hosts'],
  },
};

/** Required fields per sheet; a sheet that lacks one is an error naming its header row. */
export const RVTOOLS_REQUIRED: Readonly<Record<RvtoolsSheetName, readonly string[]>> = {
  vInfo: ['vm', 'cpus', 'memory'],
  vHost: ['host'],
  vCPU: ['vm', 'overall'],
  vMemory: ['vm'],
  vNetwork: ['vm', 'network'],
  vDisk: ['vm', 'disk', 'capacity'],
  vCluster: ['name'],
};

/** `# CPU ` → `cpu`, `OS according to the configuration file` → `osaccordingtotheconfigurationfile`. */
export function normalizeRvtoolsHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Factor from a column's unit to GiB, read from its header (`… GB`/`GiB` → 1, else MiB). */
export function gibPerUnit(header: string): number {
  return /g(i)?b\s*$/i.test(header.trim()) ? 1 : 1 / 1024;
}

/** Where each canonical field of a sheet sits (0-based), from its header row. */
export function mapRvtoolsHeader(
  sheet: RvtoolsSheetName,
  header: readonly string[],
): { index: Record<string, number>; unmapped: { index: number; name: string }[] } {
  const aliases = RVTOOLS_COLUMN_ALIASES[sheet];
  const byName = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) for (const n of names) byName.set(n, field);
  const index: Record<string, number> = {};
  const unmapped: { index: number; name: string }[] = [];
  header.forEach((name, i) => {
    const field = byName.get(normalizeRvtoolsHeader(name));
    if (field !== undefined && index[field] === undefined) index[field] = i;
    else if (name.trim() !== '') unmapped.push({ index: i, name: name.trim() });
  });
  return { index, unmapped };
}

/** Spreadsheet column letter of a 0-based index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
