import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { AppError } from '../errors/app-error';
import { readTextBody, type TextRequest } from './text-body';

function request(body: Buffer | string, headers: Record<string, string>): TextRequest {
  return Object.assign(Readable.from([Buffer.from(body)]), { headers });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a BAD_REQUEST');
}

describe('readTextBody', () => {
  it('reads text, and gzip whether the type or the encoding says so', async () => {
    const csv = 'id\nweb-01\n';
    expect(
      await readTextBody(request(csv, { 'content-type': 'text/csv; charset=utf-8' }), 100),
    ).toBe(csv);
    const gz = gzipSync(csv);
    expect(await readTextBody(request(gz, { 'content-type': 'application/gzip' }), 100)).toBe(csv);
    expect(
      await readTextBody(
        request(gz, { 'content-type': 'text/csv', 'content-encoding': 'gzip' }),
        100,
        {
          types: ['text/csv'],
        },
      ),
    ).toBe(csv);
  });

  it('refuses a content type outside the accepted ones, naming content-type', async () => {
    const err = await failure(
      readTextBody(request('{}', { 'content-type': 'application/json' }), 100, {
        types: ['text/csv'],
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('not "application/json"');
    expect(err.details?.[0]?.path).toBe('content-type');
  });

  it('refuses empty, oversized, broken gzip and non-UTF-8 bodies, naming body', async () => {
    const cases: [Buffer | string, Record<string, string>, string][] = [
      ['', { 'content-type': 'text/plain' }, 'body: empty'],
      ['x'.repeat(101), { 'content-type': 'text/plain' }, 'body: more than 100 bytes'],
      ['not gzip', { 'content-type': 'application/gzip' }, 'body: not valid gzip data'],
      [Buffer.from([0xff, 0xfe, 0x41]), { 'content-type': 'text/plain' }, 'body: not valid UTF-8'],
    ];
    for (const [body, headers, message] of cases) {
      const err = await failure(readTextBody(request(body, headers), 100));
      expect({
        message: err.message.slice(0, message.length),
        path: err.details?.[0]?.path,
      }).toEqual({
        message,
        path: 'body',
      });
    }
  });

  it('refuses an encoding other than gzip, naming content-encoding', async () => {
    const err = await failure(readTextBody(request('x', { 'content-encoding': 'br' }), 100));
    expect(err.details?.[0]?.path).toBe('content-encoding');
  });
});
