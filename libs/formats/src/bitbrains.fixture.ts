import { KIB_PER_GIB } from '@vplan/domain';

/** The header of a Bitbrains (GWA-T-12) file. */
export const BITBRAINS_HEADER =
  'Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\t' +
  'Memory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\t' +
  'Disk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]';

/** One Bitbrains row: timestamp (s), cores, CPU capacity and use (MHz), memory (KiB). */
export function bitbrainsRow(
  ts: number,
  cores: number,
  capMhz: number,
  useMhz: number,
  capKb: number,
  useKb: number,
): string {
  return [
    ts,
    cores,
    capMhz,
    useMhz,
    capMhz ? (useMhz / capMhz) * 100 : 0,
    capKb,
    useKb,
    0,
    0,
    0,
    0,
  ].join(';\t');
}

/** An independent, simple reading of a Bitbrains file: slot → max, by plain splitting. */
export function referenceReading(text: string): {
  start: number;
  cpu: Map<number, number>;
  mem: Map<number, number>;
} {
  const cpu = new Map<number, number>();
  const mem = new Map<number, number>();
  let start = Infinity;
  for (const line of text.trim().split('\n').slice(1)) {
    const f = line.split(';\t').map(Number);
    const slot = Math.floor((f[0] as number) / 300);
    start = Math.min(start, slot);
    cpu.set(slot, Math.max(cpu.get(slot) ?? -1, f[3] as number));
    mem.set(slot, Math.max(mem.get(slot) ?? -1, (f[6] as number) / KIB_PER_GIB));
  }
  return { start, cpu, mem };
}

/** Expects the series to hold the reference reading slot by slot, NaN where it has none. */
export function expectReferenceValues(
  series: { readonly values: Float32Array } | undefined,
  expected: ReadonlyMap<number, number>,
  start: number,
): void {
  const values = series?.values ?? new Float32Array();
  let filled = 0;
  values.forEach((value, i) => {
    const want = expected.get(start + i);
    if (want === undefined) expect(value).toBeNaN();
    else {
      expect(value).toBe(Math.fround(want));
      filled++;
    }
  });
  expect(filled).toBe(expected.size);
}
