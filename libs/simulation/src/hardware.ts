import type { Random } from '@vplan/domain';
import { chance, integer, pick, pickWeighted } from './sampling';

/** How big a server its role usually gets (web front ends small, databases large). */
export type SizeClass = 'small' | 'medium' | 'large';

/** The source hardware of one server. */
export interface Hardware {
  readonly platform: 'physical' | 'virtual';
  readonly cpuModel: string;
  /** Year the CPU generation shipped. */
  readonly year: number;
  readonly cores: number;
  /** Clock per core, MHz. */
  readonly mhzPerCore: number;
  /** Provisioned CPU, MHz (cores × clock). */
  readonly cpuMhz: number;
  readonly memoryGiB: number;
}

interface Generation {
  readonly year: number;
  readonly cpuModel: string;
  readonly mhz: number;
  readonly coresPerSocket: number;
  readonly maxSockets: 1 | 2;
  /** Memory configurations seen on this generation, smallest first, GiB. */
  readonly memoryGiB: readonly number[];
  readonly weight: number;
}

/** Server generations of a typical estate: a long tail of 10+ year-old kit. */
const GENERATIONS: readonly Generation[] = [
  gen(2011, 'Xeon X5650', 2667, 6, 2, [8, 16, 24, 32, 48, 64, 96], 9),
  gen(2012, 'Xeon E3-1220L v2', 2300, 2, 1, [4, 8, 16], 3),
  gen(2012, 'Xeon E5-2620', 2000, 6, 2, [16, 32, 48, 64, 96, 128], 13),
  gen(2013, 'Xeon E3-1230 v2', 3300, 4, 1, [8, 16, 32], 7),
  gen(2014, 'Xeon E5-2640 v3', 2600, 8, 2, [32, 64, 96, 128, 192, 256], 16),
  gen(2016, 'Xeon E5-2680 v4', 2400, 14, 2, [64, 128, 192, 256, 384], 16),
  gen(2017, 'Xeon E3-1220 v6', 3000, 4, 1, [16, 32, 64], 6),
  gen(2018, 'Xeon Gold 6130', 2100, 16, 2, [96, 192, 384, 512], 11),
  gen(2019, 'Xeon E-2224', 3400, 4, 1, [16, 32, 64], 5),
  gen(2020, 'Xeon Gold 6226R', 2900, 16, 2, [128, 192, 384, 512], 7),
];

function gen(
  year: number,
  cpuModel: string,
  mhz: number,
  coresPerSocket: number,
  maxSockets: 1 | 2,
  memoryGiB: readonly number[],
  weight: number,
): Generation {
  return { year, cpuModel, mhz, coresPerSocket, maxSockets, memoryGiB, weight };
}

/** Servers that already are VMs on the virtualization pilot's hosts. */
const PILOT_VM = {
  cpuModel: 'Xeon Gold 6242 (vCPU)',
  year: 2019,
  mhz: 2800,
  cores: { small: [2], medium: [2, 4], large: [4, 8] },
  memoryGiB: { small: [4, 8], medium: [8, 16], large: [16, 32] },
} as const;

/**
 * Draws source hardware for a server of the given size class. `virtualShare` is the
 * probability that the server is already a VM on the pilot cluster.
 */
export function drawHardware(random: Random, size: SizeClass, virtualShare: number): Hardware {
  if (chance(random, virtualShare)) {
    const cores = pick(random, PILOT_VM.cores[size]);
    return {
      platform: 'virtual',
      cpuModel: PILOT_VM.cpuModel,
      year: PILOT_VM.year,
      cores,
      mhzPerCore: PILOT_VM.mhz,
      cpuMhz: cores * PILOT_VM.mhz,
      memoryGiB: pick(random, PILOT_VM.memoryGiB[size]),
    };
  }
  const fitting = GENERATIONS.filter((g) => size !== 'large' || g.maxSockets === 2);
  const g = pickWeighted(
    random,
    fitting.map((x) => [x, x.weight] as const),
  );
  const sockets =
    size === 'small' ? 1 : size === 'large' ? g.maxSockets : chance(random, 0.5) ? g.maxSockets : 1;
  const cores = sockets * g.coresPerSocket;
  return {
    platform: 'physical',
    cpuModel: g.cpuModel,
    year: g.year,
    cores,
    mhzPerCore: g.mhz,
    cpuMhz: cores * g.mhz,
    memoryGiB: memoryFor(random, g.memoryGiB, size),
  };
}

/** Small servers take the lower half of a generation's configurations, large the upper. */
function memoryFor(random: Random, options: readonly number[], size: SizeClass): number {
  const n = options.length;
  const [lo, hi] =
    size === 'small'
      ? [0, Math.ceil(n / 2) - 1]
      : size === 'medium'
        ? [Math.floor(n / 4), Math.ceil((3 * n) / 4) - 1]
        : [Math.floor(n / 2), n - 1];
  return options[integer(random, lo, hi)] ?? (options[0] as number);
}
