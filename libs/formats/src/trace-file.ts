/**
 * The last segment of a path (either `/` or `\` separated); pure, no `node:path`.
 * `a/b/1.csv.gz` → `1.csv.gz`.
 */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? path : path.slice(cut + 1);
}

/**
 * The asset id a per-VM trace file stands for: its base name without a `.csv`,
 * `.csv.gz` or `.gz` suffix (case-insensitive). `2013-7/17.csv.gz` → `17`; a PlanetLab
 * name such as `planetlab1_nrl_dcs_qmul_ac_uk_ rnp_dcc_ufjf` is kept as is (spaces too).
 */
export function traceAssetId(path: string): string {
  return baseName(path).replace(/(\.csv)?(\.gz)?$/i, '');
}

/** Compares two strings by their UTF-8 bytes (what `ls` in the C locale and Java's
 * `String.compareTo` on ASCII names do), not by locale. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const encoder = new TextEncoder();
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
