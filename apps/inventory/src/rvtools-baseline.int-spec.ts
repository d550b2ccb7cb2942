import { Readable } from 'node:stream';
import { INVENTORY, baselineLatestSchema, estateBaselineSchema } from '@vplan/contracts';
import { readRvtoolsWorkbook } from '@vplan/formats';
import ExcelJS from 'exceljs';
import { XLSX_TYPE } from './imports.controller';
import { startInventory, type InventoryHarness } from './inventory.fixture';

jest.setTimeout(60_000);

type Row = (string | number | boolean | null)[];

/** An RVTools export as exceljs writes it (as the formats specs build theirs). */
async function workbook(sheets: Record<string, Row[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const V_INFO_HEADER: Row = ['VM', 'Powerstate', 'Template', 'CPUs', 'Memory', 'Host', 'Cluster'];
const V_HOST_HEADER: Row = [
  'Host',
  'Cluster',
  'CPU Model',
  '# CPU',
  '# Cores',
  'Speed',
  '# Memory',
];
const hostRow = (name: string): Row => [name, 'C1', 'Intel Xeon Gold 6130', 2, 32, 2100, 524288];

/** Two hosts, four VMs on them, one powered off and one template. */
const FIRST = {
  vInfo: [
    V_INFO_HEADER,
    ['web-01', 'poweredOn', false, 2, 4096, 'esx1', 'C1'],
    ['db-01', 'poweredOn', false, 8, 32768, 'esx2', 'C1'],
    ['old-01', 'poweredOff', false, 1, 2048, 'esx1', 'C1'],
    ['tpl-01', 'poweredOff', true, 2, 4096, 'esx2', 'C1'],
  ],
  vHost: [V_HOST_HEADER, hostRow('esx1'), hostRow('esx2')],
};

/** The same source a week later: one host left, nothing skipped. */
const SECOND = {
  vInfo: [
    V_INFO_HEADER,
    ['web-01', 'poweredOn', false, 2, 4096, 'esx1', 'C1'],
    ['db-01', 'poweredOn', false, 8, 32768, 'esx1', 'C1'],
  ],
  vHost: [V_HOST_HEADER, hostRow('esx1')],
};

describe("today's estate of RVTools imports (real NATS and MongoDB-wire server)", () => {
  let h: InventoryHarness;

  beforeAll(async () => {
    h = await startInventory('invbaseline');
  });
  afterAll(async () => {
    await h?.close();
  });

  const upload = async (body: Buffer, source: string) =>
    h.http(`/api/v1/imports?source=${encodeURIComponent(source)}`, {
      method: 'POST',
      token: 'operator',
      contentType: XLSX_TYPE,
      body,
    });

  const overNats = (source?: string) =>
    h.client.request(INVENTORY.getBaseline, source === undefined ? {} : { source });

  const overHttp = async (query = '') => {
    const res = await h.http(`/api/v1/baselines/latest${query}`, { token: 'viewer' });
    expect(res.status).toBe(200);
    return baselineLatestSchema.parse(await res.json());
  };

  it('answers latest: null before any RVTools import, and 401 without a token', async () => {
    expect(await overNats()).toEqual({ latest: null });
    expect(await overHttp()).toEqual({ latest: null });
    expect((await h.http('/api/v1/baselines/latest')).status).toBe(401);
  });

  it("serves an upload's hosts and skipped VMs over NATS and HTTP, as the CLI's reader gives them", async () => {
    const bytes = await workbook(FIRST);
    const res = await upload(bytes, 'export.xlsx');
    expect(res.status).toBe(201);
    const { importId } = (await res.json()) as { importId: string };

    const cli = await readRvtoolsWorkbook(Readable.from(bytes), { file: 'export.xlsx' });
    if (!cli.ok) throw cli.error;
    const expected = estateBaselineSchema.parse(cli.value.estate.baseline);

    const nats = await overNats();
    expect(nats.latest).toMatchObject({ source: 'export.xlsx', importId, delivery: 'inline' });
    if (nats.latest?.delivery !== 'inline') throw new Error('expected an inline baseline');
    expect(nats.latest.baseline).toEqual(expected);
    expect(nats.latest.baseline.hosts.map((x) => [x.name, x.vms])).toEqual([
      ['esx1', ['web-01']],
      ['esx2', ['db-01']],
    ]);
    expect(nats.latest.baseline.skipped).toHaveLength(2);
    expect(await overHttp()).toEqual(nats);
    expect(await overHttp('?source=export.xlsx')).toEqual(nats);
    expect(await overNats('other.xlsx')).toEqual({ latest: null });
  });

  it('replaces the baseline with the next upload of the same source', async () => {
    const before = await overNats('export.xlsx');
    const res = await upload(await workbook(SECOND), 'export.xlsx');
    expect(res.status).toBe(201);
    const { importId } = (await res.json()) as { importId: string };
    const after = await overNats('export.xlsx');
    expect(after.latest?.importId).toBe(importId);
    expect(after.latest?.importId).not.toBe(before.latest?.importId);
    if (after.latest?.delivery !== 'inline') throw new Error('expected an inline baseline');
    expect(after.latest.baseline.hosts.map((x) => [x.name, x.vms])).toEqual([
      ['esx1', ['web-01', 'db-01']],
    ]);
    expect(after.latest.baseline.skipped).toEqual([]);
    expect(await overHttp()).toEqual(after);
  });

  it('keeps the previous baseline when an upload of the source is refused', async () => {
    const before = await overNats('export.xlsx');
    const bad = await workbook({
      vInfo: [V_INFO_HEADER, ['web-01', 'poweredOn', false, 'two', 4096, 'esx1', 'C1']],
      vHost: [V_HOST_HEADER, hostRow('esx9')],
    });
    const res = await upload(bad, 'export.xlsx');
    expect(res.status).toBe(400);
    expect(await overNats('export.xlsx')).toEqual(before);
    const broken = await upload(Buffer.from('not a workbook'), 'export.xlsx');
    expect(broken.status).toBe(400);
    expect(await overNats()).toEqual(before);
  });

  it('answers the latest of any source without one, and 400 to a bad source', async () => {
    const res = await upload(await workbook(FIRST), 'site-b.xlsx');
    expect(res.status).toBe(201);
    expect((await overNats()).latest?.source).toBe('site-b.xlsx');
    expect((await overNats('export.xlsx')).latest?.source).toBe('export.xlsx');
    const bad = await h.http('/api/v1/baselines/latest?source=%20x', { token: 'viewer' });
    expect(bad.status).toBe(400);
  });
});
