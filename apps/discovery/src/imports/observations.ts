import { observationSchema, type ErrorDetail, type Observation } from '@vplan/contracts';
import type { Asset } from '@vplan/domain';

export interface ObservationMeta {
  readonly importId: string;
  /** `source.name` of every observation (the provenance inventory records). */
  readonly source: string;
  readonly file: string;
  readonly observedAt: string;
  /** Site of assets whose row has none. */
  readonly site?: string;
}

/**
 * One observation per imported asset: identity by asset id (and host name), every
 * attribute the row had. Checked against the contract as a whole before anything is
 * published: the outcome is every observation, or every problem (`<file>: asset <id>:
 * <field>`).
 */
export function observationsOf(
  assets: readonly Asset[],
  meta: ObservationMeta,
): { ok: true; value: Observation[] } | { ok: false; details: ErrorDetail[] } {
  const value: Observation[] = [];
  const details: ErrorDetail[] = [];
  assets.forEach((asset, i) => {
    const site = asset.site ?? meta.site;
    const checked = observationSchema.safeParse({
      observationId: `${meta.importId}-${i + 1}`,
      source: { kind: 'import', name: meta.source, importId: meta.importId, file: meta.file },
      observedAt: meta.observedAt,
      identity: { assetId: asset.id, ...(asset.hostname ? { hostname: asset.hostname } : {}) },
      attributes: {
        ...(asset.hostname ? { hostname: asset.hostname } : {}),
        ...(site ? { site } : {}),
        ...nonEmpty('capacity', asset.capacity),
        ...nonEmpty('business', asset.business),
        ...nonEmpty('technical', asset.technical),
        ...nonEmpty('custom', asset.custom),
      },
    });
    if (checked.success) value.push(checked.data);
    else {
      for (const issue of checked.error.issues) {
        details.push({
          path: `${meta.file}: asset ${asset.id}: ${issue.path.map(String).join('.')}`,
          message: issue.message,
        });
      }
    }
  });
  return details.length > 0 ? { ok: false, details } : { ok: true, value };
}

function nonEmpty<K extends string>(key: K, value: object | undefined): Partial<Record<K, object>> {
  if (value === undefined) return {};
  const present = Object.values(value).some((v) => v !== undefined);
  return present ? ({ [key]: value } as Record<K, object>) : {};
}
