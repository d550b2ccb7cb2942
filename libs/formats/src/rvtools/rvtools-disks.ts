import { gibPerUnit } from './rvtools-columns';
import { sheetRows, type MappedSheet } from './rvtools-sheet';

/** What the vDisk sheet says about one VM's virtual disks. */
export interface VmDisks {
  /** Disks, each `Disk` label counted once. */
  readonly disks: number;
  /** Summed capacity, GiB (a disk with an empty capacity cell adds nothing). */
  readonly gib: number;
  /** Thin-provisioned disks; undefined when the sheet has no Thin column. */
  readonly thin?: number;
  /** Whether a disk is a raw device mapping (it needs the same SAN LUN at the target). */
  readonly rdm: boolean;
  /** Compatibility mode of the RDMs when given (`physical` if any is physical). */
  readonly rdmMode?: 'physical' | 'virtual';
  /** Distinct disk controllers, e.g. `VMware paravirtual SCSI`. */
  readonly controllers: readonly string[];
}

interface DiskTotals {
  labels: Set<string>;
  disks: number;
  gib: number;
  thin?: number;
  rdm: boolean;
  rdmMode?: 'physical' | 'virtual';
  controllers: string[];
}

/**
 * The disks of each VM (by VM name) from the vDisk sheet. A disk is an RDM when `Raw`/`RDM`
 * is true or, with no such cell, when `Raw Comp. Mode` or `Disk Mode` names a raw mapping
 * (`physicalMode`, `RawPhysical`). A VM name given twice in vInfo (the second is skipped) would
 * give its `Hard disk 1` twice: a repeated Disk label of one VM is counted once.
 */
export function readDisks(
  file: string,
  m: MappedSheet | undefined,
  notes: Set<string>,
): Map<string, VmDisks> {
  const out = new Map<string, DiskTotals>();
  if (!m) return out;
  const capacityIndex = m.index['capacity'] as number;
  const unit = gibPerUnit(m.sheet.header[capacityIndex] ?? 'MB');
  const hasThin = m.index['thin'] !== undefined;
  for (const r of sheetRows(file, m)) {
    const vm = r.text('vm');
    if (vm === undefined) continue;
    const t: DiskTotals = out.get(vm) ?? {
      labels: new Set(),
      disks: 0,
      gib: 0,
      thin: hasThin ? 0 : undefined,
      rdm: false,
      controllers: [],
    };
    out.set(vm, t);
    const label = r.text('disk');
    if (label !== undefined) {
      if (t.labels.has(label)) continue;
      t.labels.add(label);
    }
    const capacity = r.number('capacity');
    if (capacity !== undefined && capacity < 0)
      throw r.error(capacityIndex, 'expected a disk size, not negative');
    if (capacity === undefined)
      notes.add(
        `vDisk rows with an empty capacity count as disks of no size (e.g. ${vm}, ${file}:vDisk:${r.row})`,
      );
    t.disks++;
    t.gib += (capacity ?? 0) * unit;
    if (r.bool('thin') === true && t.thin !== undefined) t.thin++;
    const mode = [r.text('rawMode'), r.text('diskMode')].join(' ');
    const raw = r.bool('raw') ?? /raw|rdm|physicalmode|virtualmode/i.test(mode);
    if (raw) {
      t.rdm = true;
      if (/physical/i.test(mode)) t.rdmMode = 'physical';
      else if (/virtual/i.test(mode)) t.rdmMode ??= 'virtual';
    }
    const controller = r.text('controller')?.slice(0, 64);
    if (controller !== undefined && !t.controllers.includes(controller))
      t.controllers.push(controller);
  }
  return out;
}

/** The custom columns a VM's disks give: `disks`, `disk_gib`, `thin_disks`, `rdm`, `rdm_mode`, `disk_controllers`. */
export function diskCustom(d: VmDisks | undefined): Record<string, string> {
  if (d === undefined) return {};
  const out: Record<string, string> = {
    disks: String(d.disks),
    disk_gib: String(+d.gib.toFixed(3)),
  };
  if (d.thin !== undefined) out['thin_disks'] = String(d.thin);
  if (d.rdm) out['rdm'] = 'true';
  if (d.rdmMode !== undefined) out['rdm_mode'] = d.rdmMode;
  if (d.controllers.length > 0) out['disk_controllers'] = d.controllers.join('; ');
  return out;
}
