// `npm run bench:rvtools`: reads a generated RVTools workbook (vInfo, vHost, vCPU,
// vMemory; default 10,000 VMs on 400 hosts) with the streaming reader and prints the
// read time and peak RSS. Prints figures, asserts nothing about time.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readRvtoolsWorkbook } from '@vplan/formats';

/** Writes a generated RVTools workbook of `vms` VMs over `hosts` hosts (streamed). */
export async function writeWorkbook(file: string, vms: number, hosts: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const host = (i: number) => `esx${String(i % hosts).padStart(4, '0')}.corp.local`;
  const vm = (i: number) => `vm-${String(i).padStart(6, '0')}`;
  const vInfo = wb.addWorksheet('vInfo');
  vInfo
    .addRow([
      'VM',
      'Powerstate',
      'Template',
      'CPUs',
      'Memory',
      'Provisioned MiB',
      'In Use MiB',
      'Host',
      'Cluster',
      'OS according to the configuration file',
      'Annotation',
    ])
    .commit();
  for (let i = 0; i < vms; i++)
    vInfo
      .addRow([
        vm(i),
        i % 20 === 0 ? 'poweredOff' : 'poweredOn',
        false,
        1 + (i % 8),
        1024 * (2 + (i % 16)),
        51200,
        20480,
        host(i),
        `C${i % 10}`,
        i % 3 ? 'Microsoft Windows Server 2016 (64-bit)' : 'Red Hat Enterprise Linux 8 (64-bit)',
        i % 50 ? '' : 'SQL Server',
      ])
      .commit();
  vInfo.commit();
  const vHost = wb.addWorksheet('vHost');
  vHost
    .addRow([
      'Host',
      'Cluster',
      'CPU Model',
      '# CPU',
      'Cores per CPU',
      '# Cores',
      'Speed',
      '# Memory',
      'CPU usage %',
      'Memory usage %',
      'ESX Version',
    ])
    .commit();
  for (let h = 0; h < hosts; h++)
    vHost
      .addRow([
        `esx${String(h).padStart(4, '0')}`,
        `C${h % 10}`,
        'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz',
        2,
        20,
        40,
        2100,
        786432,
        30 + (h % 40),
        50 + (h % 30),
        'VMware ESXi 7.0.3',
      ])
      .commit();
  vHost.commit();
  const vCpu = wb.addWorksheet('vCPU');
  vCpu.addRow(['VM', 'Overall']).commit();
  for (let i = 0; i < vms; i += 2) vCpu.addRow([vm(i), 100 + (i % 2000)]).commit();
  vCpu.commit();
  const vMem = wb.addWorksheet('vMemory');
  vMem.addRow(['VM', 'Consumed MiB', 'Active MiB']).commit();
  for (let i = 0; i < vms; i += 2) vMem.addRow([vm(i), 2048, 1024]).commit();
  vMem.commit();
  await wb.commit();
}

/** Runs the benchmark; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const vms = Number(argv[0] ?? 10_000);
  const hosts = Number(argv[1] ?? 400);
  const dir = mkdtempSync(join(tmpdir(), 'vplan-rvtools-bench-'));
  try {
    const file = join(dir, 'bench.xlsx');
    await writeWorkbook(file, vms, hosts);
    let peak = process.memoryUsage().rss;
    const before = peak;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = process.hrtime.bigint();
    const result = await readRvtoolsWorkbook(file, { file: 'bench.xlsx' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (!result.ok) throw result.error;
    const { estate } = result.value;
    const mib = (n: number) => (n / 2 ** 20).toFixed(0);
    process.stdout.write(
      `rvtools: ${vms} VMs / ${hosts} hosts, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB workbook\n` +
        `read ${ms.toFixed(0)} ms (${((vms / ms) * 1000).toFixed(0)} VMs/s); ${estate.assets.length} assets, ` +
        `${estate.baseline.skipped.length} skipped, ${estate.baseline.hosts.length} hosts\n` +
        `peak RSS ${mib(peak)} MiB (before read ${mib(before)} MiB)\n`,
    );
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
