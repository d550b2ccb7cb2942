import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { currentCorrelationId, runWithCorrelation, acceptCorrelationId } from './correlation';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes JSON lines with the service and the current correlation id', async () => {
    const out = capture();
    const log = createLogger('inventory', 'info', out.stream);
    await runWithCorrelation('corr-1', async () => {
      await Promise.resolve();
      log.info({ n: 1 }, 'inside');
    });
    log.info('outside');
    const [inside, outside] = out.lines();
    expect(inside).toMatchObject({
      service: 'inventory',
      correlationId: 'corr-1',
      n: 1,
      msg: 'inside',
    });
    expect(outside).not.toHaveProperty('correlationId');
  });

  it('redacts authorization headers, tokens, secrets and passwords', () => {
    const out = capture();
    const log = createLogger('inventory', 'info', out.stream);
    log.info(
      {
        req: { headers: { authorization: 'Bearer abc123secret' } },
        token: 'tok-123456',
        credential: { password: 'hunter2', secret: 's3cr3t', user: 'bob' },
      },
      'call',
    );
    const text = JSON.stringify(out.lines());
    for (const secret of ['abc123secret', 'tok-123456', 'hunter2', 's3cr3t']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('bob');
  });
});

describe('correlation ids', () => {
  it('accepts a sane incoming id and replaces anything else', () => {
    expect(acceptCorrelationId('abc-123')).toBe('abc-123');
    expect(acceptCorrelationId('evil\nline')).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptCorrelationId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(currentCorrelationId()).toBeUndefined();
  });
});
