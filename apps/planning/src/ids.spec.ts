import { z } from 'zod';
import { canonicalJson, newSortableId, planIdOf, stableUuid } from './ids';

describe('ids', () => {
  it('derive the same valid UUID from the same name, another from another', () => {
    const id = stableUuid('job-1:completed:succeeded');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(stableUuid('job-1:completed:succeeded')).toBe(id);
    expect(stableUuid('job-1:completed:failed')).not.toBe(id);
  });

  it('sort new ids by creation time and give each job one plan id', () => {
    const first = newSortableId('job');
    const later = `job-${(Date.now() + 1000).toString(36).padStart(9, '0')}000000000000`;
    expect(first < later).toBe(true);
    expect(first).toMatch(/^job-[0-9a-z]{9}[0-9a-f]{12}$/);
    expect(planIdOf('job-abc')).toBe('plan-abc');
  });

  it('write equal values as equal JSON whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 2 } })).toBe(
      canonicalJson({ a: { c: 2, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
