/** The text after `vplan plan --help`'s options: examples and exit codes. */
export function planHelpText(): string {
  return (
    '\nExamples:\n' +
    '  vplan plan --workloads traces/ --format bitbrains --host-cpu-mhz 80000 \\\n' +
    '             --host-memory-gb 512 --out out/plan\n' +
    '  vplan plan --scenario scenario.yaml --out out/plan\n' +
    '  vplan plan --workloads traces/ --format bitbrains --targets targets.yaml \\\n' +
    '             --rules rules/default.yaml --out out/plan     # models mixed at the lowest cost\n' +
    '  vplan plan --inventory RVTools.xlsx --keep-existing --out out/keep\n' +
    '  vplan plan --inventory RVTools.xlsx --keep-existing --targets targets.yaml --out out/buy\n' +
    '  vplan plan --inventory RVTools.xlsx --scenario a.yaml --scenario b.yaml --out out/ab\n' +
    '  vplan plan --api http://localhost:3000 --scenario scenario.yaml --out out/plan\n' +
    '\nWrites plan.json, plan.csv, plan.xlsx and report.html into --out and prints a summary;\n' +
    'with several --scenario, one folder per scenario and compare.html / compare.xlsx.\n' +
    '\nExit codes: 0 done, 2 bad usage or input (file:line:column: …), 1 unexpected failure.'
  );
}
