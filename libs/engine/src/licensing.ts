import type { Asset, LicenceKind } from '@vplan/domain';

/**
 * Per-core licensing of a virtualization host (docs/economics.md has the rules and their
 * sources). Public API:
 *
 *   licensedCores(cores: number, sockets?: number): number
 *   assetLicences(asset: Asset): Set<LicenceKind>
 *   hostLicences(assets: readonly Asset[]): Set<LicenceKind>
 *
 * Simplifications: only Windows Server Datacenter and SQL Server Enterprise per-core
 * licensing of the whole host (unlimited virtualization, Software Assurance assumed);
 * Standard editions and per-VM licensing are not modelled; a SQL Server on Linux needs a
 * SQL Server licence but no Windows licence.
 */

/** Core licences per processor at least, and per server at least (Microsoft per-core rules). */
export const MIN_CORES_PER_PROCESSOR = 8;
export const MIN_CORES_PER_SERVER = 16;

/**
 * Core licences a host needs: every physical core, at least 8 per processor and at least
 * 16 per server: `max(cores, 16, 8 × sockets)`. `sockets` absent: counted as 1.
 */
export function licensedCores(cores: number, sockets = 1): number {
  if (!Number.isFinite(cores) || cores < 0) throw new Error(`cores must be ≥ 0, got ${cores}`);
  if (!Number.isFinite(sockets) || sockets < 0)
    throw new Error(`sockets must be ≥ 0, got ${sockets}`);
  return Math.max(Math.ceil(cores), MIN_CORES_PER_SERVER, MIN_CORES_PER_PROCESSOR * sockets);
}

const SQL_SERVER = /\bsql[\s-]*server\b|\bmssql\b/i;
const WINDOWS = /\bwindows\b/i;

/**
 * The per-core licences one asset makes its host need: a Windows guest (OS family or
 * version) needs Windows Server Datacenter; `business.licences` with `sql-server`, or an
 * OS version, application or role naming SQL Server, needs SQL Server. A `licences` entry
 * `windows-datacenter` or `windows-server` counts as Windows.
 */
export function assetLicences(asset: Asset): Set<LicenceKind> {
  const out = new Set<LicenceKind>();
  const os = [asset.technical?.osFamily, asset.technical?.osVersion].filter(
    (text): text is string => text !== undefined,
  );
  const given = (asset.business.licences ?? []).map((l) => l.trim().toLowerCase());
  if (
    os.some((text) => WINDOWS.test(text)) ||
    given.includes('windows-datacenter') ||
    given.includes('windows-server')
  )
    out.add('windows-datacenter');
  const named = [asset.technical?.osVersion, asset.business.application, asset.business.role];
  if (
    given.includes('sql-server') ||
    named.some((text) => text !== undefined && SQL_SERVER.test(text))
  )
    out.add('sql-server');
  return out;
}

/** The licences a host needs: the union of its assets' (one VM that needs one licenses the host). */
export function hostLicences(assets: readonly Asset[]): Set<LicenceKind> {
  const out = new Set<LicenceKind>();
  for (const asset of assets) for (const kind of assetLicences(asset)) out.add(kind);
  return out;
}
