/**
 * Kubernetes resource quantities (`resource.Quantity`): a signed decimal number and a suffix,
 * binary (`Ki` `Mi` `Gi` `Ti` `Pi` `Ei`), decimal SI (`n` `u` `m` `k` `M` `G` `T` `P` `E`)
 * or a decimal exponent (`1e9`, `2E3`). CPU is in cores (`3500m` = 3.5), memory in bytes
 * (`16Gi` = 17179869184).
 */
/** Decimal SI suffixes as powers of ten: applied in the decimal text, so `3500m` is exactly 3.5. */
const DECIMAL: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/**
 * The value of a quantity in its base unit (cores, bytes), or undefined when the text is no
 * quantity (empty, spaces inside, an unknown suffix such as `1KB` or `1K`, a bare `e`).
 * A JSON number (as some tools write) is taken as is.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value.trim());
  if (m === null) return undefined;
  const [, digits, exponent, suffix = ''] = m;
  const binary = BINARY[suffix];
  const result =
    binary !== undefined
      ? Number(digits) * 2 ** binary
      : Number(`${digits}${exponent ?? `e${DECIMAL[suffix]!}`}`);
  return Number.isFinite(result) ? result : undefined;
}
