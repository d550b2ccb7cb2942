import { makeAsset } from '@vplan/domain';
import { observationsOf } from './observations';

const META = {
  importId: 'imp-1',
  source: 'cmdb',
  file: 'cmdb.csv',
  observedAt: '2026-01-12T00:00:00.000Z',
  site: 'ams1',
};

describe('observationsOf', () => {
  it('makes one observation per asset with its identity and every attribute it has', () => {
    const outcome = observationsOf(
      [
        makeAsset('web-01', {
          hostname: 'web-01',
          capacity: { cores: 4, cpuMhz: 10_400 },
          business: { environment: 'prod' },
          custom: { rack: 'R12' },
        }),
        makeAsset('bare', { site: 'nyc1' }),
      ],
      META,
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.details));
    expect(outcome.value).toEqual([
      {
        observationId: 'imp-1-1',
        source: { kind: 'import', name: 'cmdb', importId: 'imp-1', file: 'cmdb.csv' },
        observedAt: META.observedAt,
        identity: { assetId: 'web-01', hostname: 'web-01' },
        attributes: {
          hostname: 'web-01',
          site: 'ams1',
          capacity: { cores: 4, cpuMhz: 10_400 },
          business: { environment: 'prod' },
          custom: { rack: 'R12' },
        },
      },
      expect.objectContaining({ identity: { assetId: 'bare' }, attributes: { site: 'nyc1' } }),
    ]);
  });

  it('reports every value the observation contract refuses, by asset and field', () => {
    const outcome = observationsOf([makeAsset('x', { business: { owner: ' padded ' } })], META);
    expect(outcome).toEqual({
      ok: false,
      details: [
        {
          path: 'cmdb.csv: asset x: attributes.business.owner',
          message: 'must not start or end with white space',
        },
      ],
    });
  });
});
