import {
  assetPageSchema,
  assetRecordSchema,
  assetSchema,
  errorBodySchema,
  INVENTORY,
} from '@vplan/contracts';
import { readRvtoolsWorkbook } from '@vplan/formats';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { MAX_IMPORT_BYTES, XLSX_TYPE } from './imports.controller';
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

const V_INFO_HEADER: Row = [
  'VM',
  'Powerstate',
  'Template',
  'CPUs',
  'Memory',
  'Provisioned MiB',
  'Host',
  'Cluster',
  'OS according to the configuration file',
];
const V_HOST: Row[] = [
  [
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
  ],
  ['esx1', 'C1', 'Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz', 2, 16, 32, 2100, 524288, 40, 30],
];

/** 6 VMs: 3 powered on, 1 powered off, 1 suspended, 1 template. */
const V_INFO: Row[] = [
  V_INFO_HEADER,
  ['web-01', 'poweredOn', false, 2, 4096, 20480, 'esx1', 'C1', 'Ubuntu Linux (64-bit)'],
  ['db-01', 'poweredOn', false, 8, 32768, 204800, 'esx1', 'C1', 'Microsoft Windows Server 2019'],
  ['old-01', 'poweredOff', false, 1, 2048, 10240, 'esx1', 'C1', 'CentOS 7 (64-bit)'],
  ['app-01', 'poweredOn', false, 4, 8192, 40960, 'esx1', 'C1', 'Ubuntu Linux (64-bit)'],
  ['sus-01', 'suspended', false, 2, 4096, 10240, 'esx1', 'C1', 'Ubuntu Linux (64-bit)'],
  ['tpl-01', 'poweredOff', true, 2, 4096, 10240, 'esx1', 'C1', 'Ubuntu Linux (64-bit)'],
];

describe('RVTools import over HTTP (real NATS and MongoDB-wire server)', () => {
  let h: InventoryHarness;

  beforeAll(async () => {
    h = await startInventory('invrvtools');
  });
  afterAll(async () => {
    await h?.close();
  });

  const upload = (body: Buffer, source: string, contentType = XLSX_TYPE, query = '') =>
    h.http(`/api/v1/imports?source=${encodeURIComponent(source)}${query}`, {
      method: 'POST',
      token: 'operator',
      contentType,
      body,
    });

  const total = async (): Promise<number> => {
    const res = await h.http('/api/v1/assets?limit=1&withTotal=true', { token: 'viewer' });
    return assetPageSchema.parse(await res.json()).total ?? -1;
  };

  it('imports the powered-on VMs of a workbook as the CLI reads them, reporting the skipped ones', async () => {
    const bytes = await workbook({ vInfo: V_INFO, vHost: V_HOST });
    const before = await h.lastSeq();
    const res = await upload(bytes, 'export.xlsx');
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      source: 'export.xlsx',
      assets: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      skipped: {
        count: 3,
        sample: [
          { asset: 'old-01', reason: 'powered-off', where: 'export.xlsx:vInfo:4' },
          { asset: 'sus-01', reason: 'suspended', where: 'export.xlsx:vInfo:6' },
          { asset: 'tpl-01', reason: 'template', where: 'export.xlsx:vInfo:7' },
        ],
      },
    });
    const importId = body['importId'] as string;

    // The CLI's reader on the same bytes gives the assets stored.
    const cli = await readRvtoolsWorkbook(Readable.from(bytes), { file: 'export.xlsx' });
    if (!cli.ok) throw cli.error;
    const expected = cli.value.estate.assets.map((a) => assetSchema.parse(a));
    expect(expected.map((a) => a.id)).toEqual(['web-01', 'db-01', 'app-01']);
    for (const asset of expected) {
      const got = await h.http(`/api/v1/assets/${asset.id}`, { token: 'viewer' });
      const record = assetRecordSchema.parse(await got.json());
      // Usage snapshots (vHost usage % spread over the VMs) are stored with the asset too.
      expect(record.asset).toEqual(asset);
      expect(record.provenance['capacity.cores']?.source).toBe('import:export.xlsx');
    }
    expect(expected[1]?.capacity).toMatchObject({ cores: 8, memoryGiB: 32, cpuMhz: 8 * 2100 });
    expect(expected.some((a) => a.usage !== undefined)).toBe(true);
    for (const id of ['old-01', 'sus-01', 'tpl-01']) {
      expect((await h.http(`/api/v1/assets/${id}`, { token: 'viewer' })).status).toBe(404);
    }
    expect(await total()).toBe(3);

    const record = await h.http(`/api/v1/imports/${importId}`, { token: 'viewer' });
    expect(await record.json()).toMatchObject({
      _id: importId,
      format: 'rvtools',
      rows: 3,
      skipped: 3,
      created: 3,
    });
    const completed = await h.events(INVENTORY.importCompleted, before);
    expect(completed.map((e) => e.data)).toEqual([
      expect.objectContaining({
        importId,
        format: 'rvtools',
        rows: 3,
        source: 'import:export.xlsx',
      }),
    ]);
    expect(await h.events(INVENTORY.assetChanged, before)).toHaveLength(3);

    // The same export again, sent as octet-stream with ?format=rvtools: nothing changes.
    const again = await upload(bytes, 'export.xlsx', 'application/octet-stream', '&format=rvtools');
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ assets: 3, created: 0, unchanged: 3 });
  });

  it('answers 400 naming file, sheet, row and column for a bad cell, storing nothing', async () => {
    const before = await total();
    const seq = await h.lastSeq();
    const bad = await workbook({
      vInfo: [
        V_INFO_HEADER,
        ['new-01', 'poweredOn', false, 2, 4096, 20480, 'esx1', 'C1', 'Ubuntu Linux (64-bit)'],
        ['new-02', 'poweredOn', false, 'two', 4096, 20480, 'esx1', 'C1', 'Ubuntu Linux (64-bit)'],
      ],
    });
    const res = await upload(bad, 'bad.xlsx');
    expect(res.status).toBe(400);
    const { error } = errorBodySchema.parse(await res.json());
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'bad.xlsx:vInfo:3:4: column D (CPUs): expected a number, found "two"',
    );
    expect(error.details).toEqual([{ path: 'bad.xlsx:vInfo:3:4', message: error.message }]);
    expect(await total()).toBe(before);
    expect(await h.events(INVENTORY.importCompleted, seq)).toEqual([]);
  });

  it('answers 400 with a clear message for bytes that are no workbook, storing nothing', async () => {
    const before = await total();
    const seq = await h.lastSeq();
    const whole = await workbook({ vInfo: V_INFO });
    for (const body of [Buffer.from('VM,CPUs\nx,2\n'), whole.subarray(0, whole.length >> 1)]) {
      const res = await upload(body, 'corrupt.xlsx');
      expect(res.status).toBe(400);
      const { error } = errorBodySchema.parse(await res.json());
      expect(error.message).toMatch(/^corrupt\.xlsx:1:1: not a readable \.xlsx workbook \(.+\)$/);
    }
    const noVms = await upload(await workbook({ Other: [['x']] }), 'empty.xlsx');
    expect(errorBodySchema.parse(await noVms.json()).error.message).toBe(
      'empty.xlsx:1:1: no vInfo sheet (the VMs of an RVTools export)',
    );
    expect(await total()).toBe(before);
    expect(await h.events(INVENTORY.importCompleted, seq)).toEqual([]);
  });

  it('answers 413 to a workbook over MAX_IMPORT_BYTES and 400 to another content type', async () => {
    const res = await upload(Buffer.alloc(MAX_IMPORT_BYTES + 1), 'huge.xlsx');
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(await res.json()).error.message).toBe(
      `body: more than ${MAX_IMPORT_BYTES} bytes (the largest file accepted)`,
    );
    const csv = await upload(Buffer.from('id\nx\n'), 'x.xlsx', 'text/csv', '&format=rvtools');
    expect(csv.status).toBe(400);
    expect(errorBodySchema.parse(await csv.json()).error.details?.[0]?.path).toBe('content-type');
  });
});
