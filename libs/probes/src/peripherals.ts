/**
 * The peripheral kinds of the inventory vocabulary (`technical.peripherals`) that a device
 * description names, e.g. `NVIDIA Corporation GA100 [A100]` → `gpu`, `QLogic ISP2532 Fibre
 * Channel HBA` → `fc-hba`, `SafeNet Sentinel HASP Key` → `usb-dongle`. Devices that name
 * none (chipsets, NICs, disks) give nothing.
 */
export function peripheralsOf(devices: readonly string[]): string[] {
  const out = new Set<string>();
  for (const device of devices) {
    for (const [kind, pattern] of PATTERNS) if (pattern.test(device)) out.add(kind);
  }
  return [...out].sort();
}

const PATTERNS: readonly (readonly [string, RegExp])[] = [
  ['fax', /\bfax\b|\bmodem\b|brooktrout|dialogic/i],
  ['usb-dongle', /dongle|\bhasp\b|sentinel|wibu|codemeter|safenet|marx crypto|aladdin/i],
  [
    'gpu',
    /\bnvidia\b.*(tesla|quadro|geforce|\[a\d+|\bgv?\d{3}|\bga\d{3}|\bgh\d{3})|\b(tesla|quadro) |radeon instinct|\bgpu\b/i,
  ],
  ['fc-hba', /fibre channel|\bfc hba\b|qlogic|emulex|lightpulse|\blpfc\b/i],
  ['tape', /\btape\b|\blto-?\d|ultrium|\bdat\d+\b/i],
  ['serial', /\bserial port\b|16550|\buart\b|\brs-?232\b/i],
  ['parallel', /\bparallel port\b|\blpt\d\b/i],
  ['smart-card', /smart ?card/i],
];
