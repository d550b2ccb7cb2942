import { profileItems } from './item-profile';
import type { PlacementProblem } from './problem';
import { unplaceableReasons } from './unplaceable';

// One resource of usable 100; item 1 peaks at 150 in slot 2.
const PROBLEM: PlacementProblem = {
  resources: ['cpu'],
  slots: 4,
  usable: [100],
  items: [
    { id: 'small', demand: [Float32Array.from([10, 20, 30, 20])] },
    { id: 'big', demand: [Float32Array.from([50, 60, 150, 60])] },
  ],
};

describe('unplaceableReasons', () => {
  const profiles = profileItems(PROBLEM);

  it('cites the slot of the peak by number by default', () => {
    const reasons = unplaceableReasons(PROBLEM, profiles);
    expect([...reasons.keys()]).toEqual([1]);
    expect(reasons.get(1)).toEqual([
      "cpu peak of 150 MHz (slot 2) exceeds a host's usable 100 MHz",
    ]);
  });

  it('says when the peak was with the slot label it is given', () => {
    const reasons = unplaceableReasons(PROBLEM, profiles, (slot) => `Tue 3 Mar 10:${slot}0`);
    expect(reasons.get(1)?.[0]).toContain('(Tue 3 Mar 10:20)');
    expect(reasons.get(1)?.[0]).not.toContain('slot 2');
  });
});
