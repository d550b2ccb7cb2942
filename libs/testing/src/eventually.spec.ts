import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first value fn gives without throwing', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls += 1;
        if (calls < 3) throw new Error(`not yet (${calls})`);
        return 'ready';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('retries a rejected promise', async () => {
    let calls = 0;
    const value = await eventually(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('first call fails');
        return calls;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(2);
  });

  it('gives up with the last failure in its message and as cause', async () => {
    const failure = new Error('the queue is still empty');
    const attempt = eventually(
      () => {
        throw failure;
      },
      { timeoutMs: 30, intervalMs: 5 },
    );
    await expect(attempt).rejects.toThrow(/still failing after 30 ms .*the queue is still empty/);
    await attempt.catch((error: Error) => expect(error.cause).toBe(failure));
  });

  it('rejects a timeout that is not a positive number, naming the option', async () => {
    await expect(eventually(() => 1, { timeoutMs: -1 })).rejects.toThrow(
      'eventually: options.timeoutMs must be a positive number of ms, got -1',
    );
    await expect(eventually(() => 1, { intervalMs: Number.NaN })).rejects.toThrow(
      /options\.intervalMs/,
    );
  });
});
