// One key per processor model, whatever wrote the name: SPEC's result tables ("Intel Xeon
// Gold 6248R"), the CPUID brand string that lscpu, dmidecode and RVTools show ("Intel(R)
// Xeon(R) Gold 6248R CPU @ 3.00GHz"), or a person typing "Xeon Gold 6248R".

/** Marks that say nothing about which model it is. */
const NOISE: readonly RegExp[] = [
  /\((?:r|tm|c)\)|[®™©]/g,
  // The nominal clock that brand strings append: "@ 2.60GHz", "2.80GHz", "2400 MHz".
  /@?\s*\d+(?:\.\d+)?\s*[gm]hz\b/g,
  /@/g,
  // Core counts: AMD's "16-Core Processor", "(12 cores)", "Quad-Core AMD Opteron".
  /\(\s*\d+\s*cores?\s*\)/g,
  // Any other remark in parentheses: "(vCPU)", "(Magny-Cours)".
  /\([^)]*\)/g,
  /\b(?:\d+|dual|triple|quad|six|eight|twelve|sixteen)[- ]cores?\b/g,
  /\b(?:cpu|processor)\b/g,
];

/** Family names written without their vendor. */
const VENDOR_OF: readonly (readonly [RegExp, string])[] = [
  [/^(?:xeon|core|pentium|celeron|atom)\b/, 'intel '],
  [/^(?:epyc|opteron|ryzen|athlon)\b/, 'amd '],
];

/**
 * The key a processor model is known by: lower-case, single spaces, without `(R)`, `(TM)`,
 * the words `CPU` and `Processor`, the `@ 3.00GHz` clock, core counts (`16-Core`), other
 * remarks in parentheses (`(vCPU)`) and
 * Intel's lone ` 0` that marks a first-generation E5 (`E5-2620 0`), with the generation
 * kept (`e5-2690 v2`). `E31240` becomes `e3-1240`, `E7- 4860` `e7-4860`, `E5-2690v2`
 * `e5-2690 v2`; a bare `Xeon …`/`EPYC …` gets its vendor. So
 * `Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz` and `Intel Xeon Gold 6248R` are both
 * `intel xeon gold 6248r`. `''` when nothing is left.
 */
export function normalizeCpuModel(name: string): string {
  let key = name.toLowerCase();
  for (const noise of NOISE) key = key.replace(noise, ' ');
  key = key
    .replace(/,/g, ' ')
    .replace(/\b(e[357])-\s+(\d)/g, '$1-$2')
    .replace(/\b(e[357])(\d{4}[a-z]?)\b/g, '$1-$2')
    .replace(/\b(e[357]-\d{4}[a-z]*)(v\d)\b/g, '$1 $2')
    .replace(/\s+0(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [family, vendor] of VENDOR_OF) {
    if (family.test(key)) return vendor + key;
  }
  return key;
}
