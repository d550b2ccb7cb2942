import { Readable } from 'node:stream';
import { PayloadTooLargeException } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { mapError } from '../errors/error-body';
import { readBytesBody } from './bytes-body';
import type { TextRequest } from './text-body';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function request(chunks: Buffer[], headers: Record<string, string>): TextRequest {
  return Object.assign(Readable.from(chunks), { headers });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('readBytesBody', () => {
  it('reads the bytes as sent, across chunks', async () => {
    const body = [Buffer.from([0x50, 0x4b, 0x03]), Buffer.from([0x04, 0xff])];
    const got = await readBytesBody(request(body, { 'content-type': XLSX }), 5, { types: [XLSX] });
    expect([...got]).toEqual([0x50, 0x4b, 0x03, 0x04, 0xff]);
  });

  it('answers 413 past the bound, whether Content-Length says so or the bytes do', async () => {
    const declared = await failure(
      readBytesBody(request([Buffer.from('x')], { 'content-length': '6' }), 5),
    );
    const counted = await failure(
      readBytesBody(request([Buffer.from('xxx'), Buffer.from('xxx')], {}), 5),
    );
    for (const err of [declared, counted]) {
      expect(err).toBeInstanceOf(PayloadTooLargeException);
      expect(mapError(err)).toMatchObject({
        status: 413,
        payload: { message: 'body: more than 5 bytes (the largest file accepted)' },
      });
    }
  });

  it('refuses another content type, an encoding and an empty body, naming the part', async () => {
    const cases: [TextRequest, string][] = [
      [request([Buffer.from('x')], { 'content-type': 'text/csv' }), 'content-type'],
      [
        request([Buffer.from('x')], { 'content-type': XLSX, 'content-encoding': 'gzip' }),
        'content-encoding',
      ],
      [request([], { 'content-type': XLSX }), 'body'],
    ];
    for (const [req, path] of cases) {
      const err = await failure(readBytesBody(req, 5, { types: [XLSX] }));
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details?.[0]?.path).toBe(path);
    }
  });
});
