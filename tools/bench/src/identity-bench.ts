// `npm run bench:identity`: reconciles generated observations (default 100,000: three
// sources per machine, VMs and physical servers, byte-swapped UUIDs, junk serials, cloned
// VMs sharing a MAC, host names reused across sites, stale records) and prints the time,
// the rate and how well the machines found match the generated truth. Prints figures,
// asserts nothing about time.
import { seededRandom, type Random } from '@vplan/domain';
import { reconcile, swapUuid, type IdentityKeys, type IdentityObservation } from '@vplan/identity';

const hex = (random: Random, digits: number): string => {
  let s = '';
  for (let i = 0; i < digits; i++) s += random.int(16).toString(16);
  return s;
};
const uuid = (r: Random): string => {
  const h = hex(r, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const mac = (oui: string, r: Random): string => `${oui}:${hex(r, 6).replace(/(..)(?!$)/g, '$1:')}`;
const JUNK = ['To be filled by O.E.M.', 'System Serial Number', '0000000', 'Default string'];

/** Generated observations and the true machine of each. */
export function generateObservations(count: number, seed: number) {
  const random = seededRandom(seed);
  const machines = Math.ceil(count / 3);
  const observations: IdentityObservation[] = [];
  const truth = new Map<string, number>();
  let sharedMac = '';
  const add = (m: number, source: string, keys: IdentityKeys, live = true) => {
    if (observations.length >= count) return;
    const id = `${source}-${String(observations.length).padStart(7, '0')}`;
    observations.push({ id, source, keys, live });
    truth.set(id, m);
  };
  for (let m = 0; m < machines; m++) {
    // Every host name is used in three sites (one machine each).
    const perSite = Math.ceil(machines / 3);
    const site = `site${Math.floor(m / perSite)}`;
    const hostname = `app${String(m % perSite).padStart(5, '0')}`;
    const fqdn = `${hostname}.${site}.corp.example`;
    const ip = `10.${m % 4}.${(m >> 8) & 255}.${m & 255 || 1}`;
    const bios = uuid(random);
    const ssh = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${hex(random, 40)}`;
    if (random.next() < 0.65) {
      // A VM: vCenter, the guest over SSH, a network scan.
      const nic = random.next() < 0.02 && sharedMac ? sharedMac : mac('00:50:56', random);
      if (random.next() < 0.05) sharedMac = nic; // the next clones copy this one
      add(m, 'vcenter', { vmUuid: uuid(random), biosUuid: bios, macs: [nic], hostname, site });
      add(m, 'ssh', {
        biosUuid: random.next() < 0.3 ? swapUuid(bios) : bios.toUpperCase(),
        sshHostKey: ssh,
        macs: [nic.toUpperCase()],
        fqdn,
        ips: [ip],
        site,
      });
      add(
        m,
        'nmap',
        { hostname, ips: [ip], site, ...(random.next() < 0.3 ? { macs: [nic] } : {}) },
        random.next() < 0.9,
      );
    } else {
      // A physical server: its BMC, the OS over SSH, the CMDB.
      const serial =
        random.next() < 0.1 ? (JUNK[random.int(JUNK.length)] as string) : `CZ${hex(random, 8)}`;
      const nics = [mac('3c:ec:ef', random), mac('3c:ec:ef', random)];
      add(m, 'redfish', { biosUuid: bios, serial, macs: nics });
      add(m, 'ssh', {
        biosUuid: swapUuid(bios),
        serial,
        sshHostKey: ssh,
        macs: [nics[1] as string],
        fqdn,
        ips: [ip],
        site,
      });
      add(
        m,
        'cmdb',
        random.next() < 0.5
          ? { serial: serial.toLowerCase(), site }
          : { hostname, ips: [ip], site },
      );
    }
  }
  return { observations, truth, machines };
}

/** Runs the benchmark; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const count = Number(argv[0] ?? 100_000);
  const seed = Number(argv[1] ?? 1);
  const { observations, truth, machines } = generateObservations(count, seed);
  const t0 = process.hrtime.bigint();
  const result = reconcile(observations);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const t1 = process.hrtime.bigint();
  reconcile(observations);
  const warmMs = Number(process.hrtime.bigint() - t1) / 1e6;

  // Purity: a found machine holds one true machine; completeness: a true machine is one found machine.
  const foundPerTrue = new Map<number, number>();
  let pure = 0;
  for (const m of result.machines) {
    const trues = new Set(m.members.map((id) => truth.get(id)));
    if (trues.size === 1) pure++;
    for (const t of trues) foundPerTrue.set(t as number, (foundPerTrue.get(t as number) ?? 0) + 1);
  }
  const whole = [...foundPerTrue.values()].filter((n) => n === 1).length;
  const byRule = new Map<string, number>();
  for (const m of result.machines)
    for (const g of m.merges) byRule.set(g.rule, (byRule.get(g.rule) ?? 0) + 1);
  const byReason = new Map<string, number>();
  for (const r of result.refusals) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
  const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)}%`;
  process.stdout.write(
    `identity: ${observations.length} observations of ${machines} machines (seed ${seed})\n` +
      `reconcile ${ms.toFixed(0)} ms (${((observations.length / ms) * 1000).toFixed(0)} observations/s); ` +
      `second run ${warmMs.toFixed(0)} ms\n` +
      `machines found ${result.machines.length} / true ${machines} (${(result.machines.length / machines).toFixed(3)}); ` +
      `pure ${pct(pure, result.machines.length)}; true machines found whole ${pct(whole, machines)}\n` +
      `merges by rule: ${list(byRule)}\n` +
      `refusals: ${list(byReason)}\n`,
  );
  return 0;
}
