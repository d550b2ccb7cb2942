import {
  catchFormatError,
  catchFormatErrorSync,
  FormatError,
  formatFailure,
  unwrapFormatResult,
} from './format-error';

describe('FormatError', () => {
  it('has the message file:row:column: what is wrong and keeps the location', () => {
    const error = new FormatError({ file: 'a/b.csv', row: 3, column: 2, message: 'bad value' });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('a/b.csv:3:2: bad value');
    expect([error.file, error.row, error.column]).toEqual(['a/b.csv', 3, 2]);
    expect(error.name).toBe('FormatError');
  });
});

describe('catchFormatError', () => {
  it('turns a thrown FormatError into a failed outcome', async () => {
    const result = await catchFormatError(async () => {
      throw new FormatError({ file: 'f', row: 1, column: 1, message: 'no' });
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe('f:1:1: no');
  });

  it('lets any other exception through, as a bug', async () => {
    await expect(
      catchFormatError(async () => {
        throw new TypeError('boom');
      }),
    ).rejects.toThrow(TypeError);
    expect(() =>
      catchFormatErrorSync(() => {
        throw new RangeError('boom');
      }),
    ).toThrow(RangeError);
  });

  it('wraps a value in a successful outcome', () => {
    expect(catchFormatErrorSync(() => 42)).toEqual({ ok: true, value: 42 });
  });
});

describe('unwrapFormatResult', () => {
  it('returns the value or throws the located error', () => {
    expect(unwrapFormatResult({ ok: true, value: 'x' })).toBe('x');
    expect(() => unwrapFormatResult(formatFailure('f.csv', 2, 5, 'bad'))).toThrow(
      new FormatError({ file: 'f.csv', row: 2, column: 5, message: 'bad' }),
    );
  });
});
