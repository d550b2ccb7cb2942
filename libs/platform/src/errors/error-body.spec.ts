import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { errorBodySchema } from '@vplan/contracts';
import { z } from 'zod';
import { AppError } from './app-error';
import { mapError } from './error-body';

describe('mapError', () => {
  it('keeps an AppError code, message and details, with the HTTP status of the code', () => {
    const mapped = mapError(
      new AppError('CONFLICT', 'asset a1 exists', [{ path: 'id', message: 'taken' }]),
      'c-1',
    );
    expect(mapped).toEqual({
      status: 409,
      expected: true,
      payload: {
        code: 'CONFLICT',
        message: 'asset a1 exists',
        details: [{ path: 'id', message: 'taken' }],
        correlationId: 'c-1',
      },
    });
    expect(errorBodySchema.safeParse({ error: mapped.payload }).success).toBe(true);
  });

  it('turns a zod error into BAD_REQUEST naming each field by its dotted path', () => {
    const schema = z.object({ name: z.string(), cpu: z.object({ cores: z.number().int() }) });
    const result = schema.safeParse({ cpu: { cores: 1.5 } });
    if (result.success) throw new Error('expected a failure');
    const mapped = mapError(result.error);
    expect(mapped.status).toBe(400);
    expect(mapped.payload.code).toBe('BAD_REQUEST');
    expect(mapped.payload.details?.map((d) => d.path)).toEqual(['name', 'cpu.cores']);
    expect(mapped.payload.message).toBe('invalid input: name, cpu.cores');
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(mapError(new NotFoundException('Cannot GET /x')).payload).toEqual({
      code: 'NOT_FOUND',
      message: 'Cannot GET /x',
    });
    expect(mapError(new ForbiddenException()).status).toBe(403);
  });

  it('maps a MongoDB duplicate key to CONFLICT', () => {
    const err = Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    expect(mapError(err)).toMatchObject({ status: 409, payload: { code: 'CONFLICT' } });
  });

  it('hides the message of an unexpected error behind INTERNAL', () => {
    const mapped = mapError(new Error('connection string mongodb://u:p@h leaked'), 'c-2');
    expect(mapped).toEqual({
      status: 500,
      expected: false,
      payload: { code: 'INTERNAL', message: 'internal error', correlationId: 'c-2' },
    });
    expect(errorBodySchema.safeParse({ error: mapped.payload }).success).toBe(true);
  });
});
