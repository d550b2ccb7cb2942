// Staleness: an asset the probes that used to see it no longer see. Marked, never deleted
// (ARCHITECTURE.md §10: nothing disappears without being marked stale first).

/** Default of INVENTORY_STALE_AFTER_SCANS: completed scans an asset may miss. */
export const DEFAULT_STALE_AFTER_SCANS = 3;

/** The last time one source saw an asset. */
export interface Sighting {
  /** The observation's source name (`ssh`, `vsphere`, `inventory-csv` …). */
  source: string;
  /** When it saw it (ISO). */
  at: string;
  /** The scan that saw it, for probe observations. */
  scanId?: string;
}

/** A scan of a probe source that ran to its end. */
export interface CompletedScan {
  readonly id: string;
  /** ISO. */
  readonly completedAt: string;
}

/** `seen` with `s` as its source's last sighting (the later one wins). */
export function withSighting(seen: readonly Sighting[] | undefined, s: Sighting): Sighting[] {
  const own = (seen ?? []).find((x) => x.source === s.source);
  if (own && own.at > s.at) return [...(seen ?? [])];
  return [...(seen ?? []).filter((x) => x.source !== s.source), s];
}

/**
 * Whether an asset is stale: some source that saw it has completed scans (`completed`,
 * by source name), and every such source has completed at least `missedScans` scans
 * after its last sighting without seeing it (the scan that saw it does not count). An
 * asset only files and operators gave (no scanned source saw it) is never stale; one that
 * any scanned source still sees is not.
 */
export function isStale(
  seen: readonly Sighting[] | undefined,
  completed: ReadonlyMap<string, readonly CompletedScan[]>,
  missedScans: number = DEFAULT_STALE_AFTER_SCANS,
): boolean {
  const scanned = (seen ?? []).filter((s) => (completed.get(s.source)?.length ?? 0) > 0);
  if (scanned.length === 0) return false;
  return scanned.every((s) => {
    const missed = (completed.get(s.source) ?? []).filter(
      (scan) => scan.id !== s.scanId && scan.completedAt > s.at,
    ).length;
    return missed >= missedScans;
  });
}
