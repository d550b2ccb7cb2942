import type { JobProgress } from '@vplan/contracts';
import { JobProgressReporter } from './job-progress';

function reporter() {
  let now = 0;
  const saved: JobProgress[] = [];
  const published: JobProgress[] = [];
  const r = new JobProgressReporter(
    {
      save: (p) => {
        saved.push(p);
        return Promise.resolve(true);
      },
      publish: (p) => {
        published.push(p);
        return Promise.resolve();
      },
    },
    () => now,
  );
  return { r, saved, published, advance: (ms: number) => (now += ms) };
}

describe('JobProgressReporter', () => {
  it('writes every phase at once and packing progress at most once a second, in order', async () => {
    const { r, saved, published, advance } = reporter();
    r.phase('gathering inventory assets');
    advance(200);
    r.worker({ kind: 'packing', hosts: undefined, lowerBound: 3, elapsedMs: 0 });
    advance(500);
    r.worker({ kind: 'packing', hosts: 5, lowerBound: 3, elapsedMs: 500 });
    advance(600);
    r.worker({ kind: 'packing', hosts: 4, lowerBound: 3, elapsedMs: 1100 });
    advance(100);
    r.worker({ kind: 'phase', phase: 'rendering plan and report' });
    await r.flush();
    expect(saved).toEqual([
      { phase: 'gathering inventory assets', elapsedMs: 0 },
      { phase: 'gathering inventory assets', hosts: 4, lowerBound: 3, elapsedMs: 1300 },
      { phase: 'rendering plan and report', elapsedMs: 1400 },
    ]);
    expect(published).toEqual(saved);
  });

  it('publishes nothing when the job has passed to another delivery', async () => {
    const published: JobProgress[] = [];
    const r = new JobProgressReporter({
      save: () => Promise.resolve(false),
      publish: (p) => {
        published.push(p);
        return Promise.resolve();
      },
    });
    r.phase('x');
    await r.flush();
    expect(published).toEqual([]);
  });
});
