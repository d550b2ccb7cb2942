import type { ResourceName, StorageKind, TargetModel } from '@vplan/domain';
import { coresToMhz } from '@vplan/domain';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { catchFormatErrorSync, FormatError, type FormatResult } from './format-error';
import { normalizeTag, OS_FAMILIES, osFamilyOf, parseStorageKind } from './inventory-values';

/** Keys of one target in a targets file, with what they hold (for messages and docs). */
export const TARGET_MODEL_KEYS = {
  name: 'unique name of the model',
  cpu_mhz: 'CPU capacity, MHz (or cores with cpu_ghz)',
  cores: 'physical cores; with cpu_ghz gives cpu_mhz = cores × GHz × 1000',
  cpu_ghz: 'clock per core, GHz',
  memory_gb: 'memory, GiB',
  disk_iops: 'disk capacity, IOPS (optional: not planned when absent)',
  network_mbps: 'network capacity, Mbit/s (optional: not planned when absent)',
  headroom: 'share kept free, 0 ≤ h < 1: one number or { cpu, memory, disk, network }',
  supported_os: `guest OS families: ${OS_FAMILIES.join(', ')} (absent: any)`,
  vlans: 'VLANs the uplinks reach (absent: any)',
  storage: 'storage kinds offered: local, san, nas (absent: any)',
  passthrough: 'devices a VM can be given, e.g. gpu, usb-dongle',
  ups_backed: 'true when the host runs on UPS-backed power',
  max_vms: 'most VMs per host (positive integer)',
  cost_per_month: 'cost of one host per month',
  power_watts: '{ idle, peak } power draw of one host, W',
  cpu_model: 'processor model, e.g. Intel Xeon Gold 6548Y+ (keys the CPU rating table)',
  cpu_rating: 'SPECrate2017_int_base per core (> 0), overrides the table rating of cpu_model',
  vcpu_per_core: 'vCPUs per physical core (> 0)',
  memory_overcommit: 'memory overcommit ratio (> 0; 1 = none)',
  sockets: 'processors per host (positive integer; per-core licences count ≥ 8 per processor)',
  licences:
    '{ windows_datacenter: { per_core_month }, sql_server: { per_core_month } } price per licensed core per month',
} as const;

type TargetKey = keyof typeof TARGET_MODEL_KEYS;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const RESOURCES: readonly ResourceName[] = ['cpu', 'memory', 'disk', 'network'];

/**
 * Parses a targets YAML file (`targets:` followed by a list of models, see
 * {@link TARGET_MODEL_KEYS}) into target models, in file order. Errors read
 * `file:line:column: target <name>: what is wrong` (unknown key, missing or bad value,
 * duplicate name), with the line and character column of the offending key or value.
 */
export function parseTargetModels(text: string, file: string): FormatResult<TargetModel[]> {
  return catchFormatErrorSync(() => new TargetReader(text, file).read());
}

class TargetReader {
  private readonly lines = new LineCounter();
  private target = '';

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  read(): TargetModel[] {
    const doc = parseDocument(this.text, { lineCounter: this.lines, prettyErrors: false });
    const error = doc.errors[0];
    if (error !== undefined) {
      this.target = this.targetAround(doc.contents, error.pos[0]);
      throw this.errorAt(error.pos[0], `not valid YAML: ${error.message}`);
    }
    const root = doc.contents;
    if (!isMap(root)) {
      throw this.errorAt(root?.range?.[0] ?? 0, 'expected a mapping with a "targets" list');
    }
    let list: Node | undefined;
    for (const pair of root.items) {
      const key = this.keyOf(pair);
      if (key !== 'targets')
        throw this.errorAt(this.keyOffset(pair), `unknown key "${key}" (expected "targets")`);
      list = pair.value as Node | undefined;
    }
    if (!isSeq(list) || list.items.length === 0) {
      throw this.errorAt(
        list?.range?.[0] ?? 0,
        '"targets" must be a non-empty list of target models',
      );
    }
    const firstLine = new Map<string, number>();
    return list.items.map((item, i) => {
      this.target = `target #${i + 1}: `;
      const model = this.readTarget(item as Node);
      const line = this.lines.linePos((item as Node).range?.[0] ?? 0).line;
      const before = firstLine.get(model.name);
      if (before !== undefined) {
        throw this.errorAt(
          (item as Node).range?.[0] ?? 0,
          `duplicate name (first on line ${before})`,
        );
      }
      firstLine.set(model.name, line);
      return model;
    });
  }

  /** `target <name>: ` of the target whose text holds `offset`, for YAML errors. */
  private targetAround(root: Node | null, offset: number): string {
    const list = isMap(root) ? root.get('targets', true) : undefined;
    if (!isSeq(list)) return '';
    for (const item of list.items) {
      const range = (item as Node | null)?.range;
      if (!isMap(item) || range === undefined || range === null) continue;
      const name = item.get('name', true);
      if (offset >= range[0] && offset < range[2] && isScalar(name))
        return `target ${String(name.value)}: `;
    }
    return '';
  }

  private readTarget(node: Node): TargetModel {
    if (!isMap(node)) throw this.errorAt(node.range?.[0] ?? 0, 'expected a mapping of keys');
    const nameNode = node.get('name', true) as Node | undefined;
    if (nameNode === undefined) throw this.errorAt(node.range?.[0] ?? 0, 'missing name');
    const name = this.string(nameNode, 'name');
    this.target = `target ${name}: `;
    const values = new Map<TargetKey, Node>();
    for (const pair of node.items) {
      const key = this.keyOf(pair);
      if (!(key in TARGET_MODEL_KEYS)) {
        throw this.errorAt(
          this.keyOffset(pair),
          `unknown key "${key}" (expected ${Object.keys(TARGET_MODEL_KEYS).join(', ')})`,
        );
      }
      const value = pair.value as Node | null;
      if (value === null || (isScalar(value) && value.value === null)) {
        throw this.errorAt(this.keyOffset(pair), `${key} has no value`);
      }
      values.set(key as TargetKey, value);
    }

    const at = node.range?.[0] ?? 0;
    const num = (
      key: TargetKey,
      min: number,
      opts: { above?: boolean; integer?: boolean } = {},
    ) => {
      const n = values.get(key);
      return n === undefined ? undefined : this.number(n, key, min, opts);
    };
    const cpuMhz = num('cpu_mhz', 0, { above: true });
    const cores = num('cores', 1, { integer: true });
    const ghz = num('cpu_ghz', 0, { above: true });
    if (cpuMhz !== undefined && ghz !== undefined) {
      throw this.errorAt(
        this.offset(values.get('cpu_ghz')),
        'give cpu_mhz, or cores with cpu_ghz, not both',
      );
    }
    const cpu =
      cpuMhz ?? (cores !== undefined && ghz !== undefined ? coresToMhz(cores, ghz) : undefined);
    if (cpu === undefined)
      throw this.errorAt(at, 'missing cpu: give cpu_mhz, or cores with cpu_ghz');
    const memory = num('memory_gb', 0, { above: true });
    if (memory === undefined) throw this.errorAt(at, 'missing memory_gb');
    const capacity: Partial<Record<ResourceName, number>> = { cpu, memory };
    const disk = num('disk_iops', 0, { above: true });
    if (disk !== undefined) capacity.disk = disk;
    const network = num('network_mbps', 0, { above: true });
    if (network !== undefined) capacity.network = network;

    const model: Mutable<TargetModel> = { name, capacity };
    const headroom = values.get('headroom');
    if (headroom !== undefined) model.headroom = this.headroom(headroom, capacity);
    const supported = values.get('supported_os');
    if (supported !== undefined) {
      model.supportedOs = this.list(supported, 'supported_os', (n) => {
        const written = this.string(n, 'supported_os');
        const family = osFamilyOf(written);
        if (family === undefined) {
          throw this.errorAt(
            this.offset(n),
            `supported_os must list OS families (${OS_FAMILIES.join(', ')}), found "${written}"`,
          );
        }
        return family;
      });
    }
    const vlans = values.get('vlans');
    if (vlans !== undefined) model.vlans = this.list(vlans, 'vlans', (n) => this.vlan(n));
    const storage = values.get('storage');
    if (storage !== undefined) {
      model.storage = this.list(storage, 'storage', (n): StorageKind => {
        const kind = parseStorageKind(this.string(n, 'storage'));
        if (!kind.ok) throw this.errorAt(this.offset(n), `storage ${kind.message}`);
        return kind.value;
      });
    }
    const passthrough = values.get('passthrough');
    if (passthrough !== undefined) {
      model.passthrough = this.list(passthrough, 'passthrough', (n) =>
        normalizeTag(this.string(n, 'passthrough')),
      );
    }
    const ups = values.get('ups_backed');
    if (ups !== undefined) {
      if (!isScalar(ups) || typeof ups.value !== 'boolean') {
        throw this.errorAt(
          this.offset(ups),
          `ups_backed must be true or false, found ${this.show(ups)}`,
        );
      }
      model.upsBacked = ups.value;
    }
    const maxVms = num('max_vms', 1, { integer: true });
    if (maxVms !== undefined) model.maxVms = maxVms;
    const cost = num('cost_per_month', 0);
    if (cost !== undefined) model.costPerMonth = cost;
    const power = values.get('power_watts');
    if (power !== undefined) model.powerWatts = this.power(power);
    if (cores !== undefined) model.cores = cores;
    Object.assign(model, this.cpuAndRatios(values));
    return model;
  }

  /** The processor model, its rating and the vCPU and memory ratios of a target. */
  private cpuAndRatios(values: ReadonlyMap<TargetKey, Node>): Partial<TargetModel> {
    const out: Mutable<Partial<TargetModel>> = {};
    const cpuModel = values.get('cpu_model');
    if (cpuModel !== undefined) out.cpuModel = this.string(cpuModel, 'cpu_model');
    const positive = (key: TargetKey): number | undefined => {
      const n = values.get(key);
      return n === undefined ? undefined : this.number(n, key, 0, { above: true });
    };
    const cpuRating = positive('cpu_rating');
    if (cpuRating !== undefined) out.cpuRating = cpuRating;
    const vcpuPerCore = positive('vcpu_per_core');
    if (vcpuPerCore !== undefined) out.vcpuPerCore = vcpuPerCore;
    const memoryOvercommit = positive('memory_overcommit');
    if (memoryOvercommit !== undefined) out.memoryOvercommit = memoryOvercommit;
    const sockets = values.get('sockets');
    if (sockets !== undefined) out.sockets = this.number(sockets, 'sockets', 1, { integer: true });
    const licences = values.get('licences');
    if (licences !== undefined) out.licences = this.licences(licences);
    return out;
  }

  private licences(node: Node): NonNullable<TargetModel['licences']> {
    const products = { windows_datacenter: 'windowsDatacenter', sql_server: 'sqlServer' } as const;
    if (!isMap(node))
      throw this.errorAt(this.offset(node), 'licences must be { windows_datacenter, sql_server }');
    const out: Mutable<NonNullable<TargetModel['licences']>> = {};
    for (const pair of node.items) {
      const key = this.keyOf(pair);
      if (!(key in products))
        throw this.errorAt(
          this.keyOffset(pair),
          `unknown licences key "${key}" (expected windows_datacenter, sql_server)`,
        );
      const price = pair.value as Node;
      const what = `licences.${key}`;
      if (
        !isMap(price) ||
        price.items.length !== 1 ||
        this.keyOf(price.items[0]!) !== 'per_core_month'
      )
        throw this.errorAt(this.offset(price), `${what} must be { per_core_month: N }`);
      const perCoreMonth = this.number(price.items[0]!.value as Node, `${what}.per_core_month`, 0);
      out[products[key as keyof typeof products]] = { perCoreMonth };
    }
    return out;
  }

  private headroom(node: Node, capacity: Partial<Record<ResourceName, number>>) {
    const share = (n: Node, what: string): number => {
      const value = this.number(n, what, 0);
      if (value >= 1) throw this.errorAt(this.offset(n), `${what} must be below 1, found ${value}`);
      return value;
    };
    if (isScalar(node)) {
      const value = share(node, 'headroom');
      return Object.fromEntries(
        RESOURCES.filter((r) => capacity[r] !== undefined).map((r) => [r, value]),
      ) as Partial<Record<ResourceName, number>>;
    }
    if (!isMap(node)) {
      throw this.errorAt(
        this.offset(node),
        'headroom must be a number or { cpu, memory, disk, network }',
      );
    }
    const out: Partial<Record<ResourceName, number>> = {};
    for (const pair of node.items) {
      const key = this.keyOf(pair);
      if (!(RESOURCES as readonly string[]).includes(key)) {
        throw this.errorAt(
          this.keyOffset(pair),
          `unknown headroom resource "${key}" (expected ${RESOURCES.join(', ')})`,
        );
      }
      out[key as ResourceName] = share(pair.value as Node, `headroom.${key}`);
    }
    return out;
  }

  private power(node: Node): { idle: number; peak: number } {
    if (!isMap(node)) throw this.errorAt(this.offset(node), 'power_watts must be { idle, peak }');
    const parts = new Map<string, Node>();
    for (const pair of node.items) {
      const key = this.keyOf(pair);
      if (key !== 'idle' && key !== 'peak') {
        throw this.errorAt(
          this.keyOffset(pair),
          `unknown power_watts key "${key}" (expected idle, peak)`,
        );
      }
      parts.set(key, pair.value as Node);
    }
    const idleNode = parts.get('idle');
    const peakNode = parts.get('peak');
    if (idleNode === undefined || peakNode === undefined) {
      throw this.errorAt(this.offset(node), 'power_watts needs both idle and peak');
    }
    const idle = this.number(idleNode, 'power_watts.idle', 0);
    const peak = this.number(peakNode, 'power_watts.peak', 0);
    if (peak < idle)
      throw this.errorAt(
        this.offset(peakNode),
        `power_watts.peak (${peak}) is below idle (${idle})`,
      );
    return { idle, peak };
  }

  private vlan(node: Node): string {
    if (isScalar(node) && typeof node.value === 'number') {
      if (!Number.isInteger(node.value) || node.value < 1 || node.value > 4094) {
        throw this.errorAt(
          this.offset(node),
          `vlans must hold VLAN ids 1–4094 or names, found ${node.value}`,
        );
      }
      return String(node.value);
    }
    return this.string(node, 'vlans');
  }

  private list<T>(node: Node, key: string, item: (n: Node) => T): T[] {
    if (!isSeq(node))
      throw this.errorAt(this.offset(node), `${key} must be a list, found ${this.show(node)}`);
    return [...new Set(node.items.map((n) => item(n as Node)))];
  }

  private number(
    node: Node,
    key: string,
    min: number,
    opts: { above?: boolean; integer?: boolean } = {},
  ): number {
    const value = isScalar(node) ? node.value : undefined;
    const inRange =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (opts.above ? value > min : value >= min);
    if (!inRange || (opts.integer === true && !Number.isInteger(value))) {
      const what = opts.integer ? 'an integer' : 'a number';
      throw this.errorAt(
        this.offset(node),
        `${key} must be ${what} ${opts.above ? 'above' : 'of at least'} ${min}, found ${this.show(node)}`,
      );
    }
    return value;
  }

  private string(node: Node, key: string): string {
    const value = isScalar(node) ? node.value : undefined;
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
      throw this.errorAt(
        this.offset(node),
        `${key} must be a non-empty text, found ${this.show(node)}`,
      );
    }
    return String(value).trim();
  }

  private keyOf(pair: Pair): string {
    const key = pair.key as Node | null;
    if (!isScalar(key))
      throw this.errorAt(this.offset(key ?? undefined), 'keys must be plain names');
    return String(key.value);
  }

  private keyOffset(pair: Pair): number {
    return this.offset((pair.key ?? undefined) as Node | undefined);
  }

  private offset(node: Node | undefined | null): number {
    return node?.range?.[0] ?? 0;
  }

  private show(node: Node | null | undefined): string {
    if (isScalar(node)) return JSON.stringify(node.value) ?? String(node.value);
    if (isSeq(node)) return 'a list';
    if (isMap(node)) return 'a mapping';
    return 'nothing';
  }

  private errorAt(offset: number, message: string): FormatError {
    const { line, col } = this.lines.linePos(offset);
    return new FormatError({
      file: this.file,
      row: Math.max(1, line),
      column: Math.max(1, col),
      message: `${this.target}${message}`,
    });
  }
}
