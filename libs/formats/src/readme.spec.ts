import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INVENTORY_COLUMNS } from './inventory-csv';
import { WORKLOAD_METRICS } from './workload-csv';

const README = readFileSync(resolve(__dirname, '../README.md'), 'utf8').split('\n');

/** The row of `name` in the first table after the heading `section`. */
function tableRow(section: string, name: string): string {
  const from = README.indexOf(`## ${section}`);
  const row = README.slice(from).find((line) => line.startsWith(`| \`${name}\` `));
  if (from < 0 || row === undefined) throw new Error(`README has no ${section} row for ${name}`);
  return row;
}

describe('the formats README', () => {
  it('documents every inventory column with all its aliases and its unit', () => {
    for (const column of INVENTORY_COLUMNS) {
      const row = tableRow('Inventory CSV', column.column);
      for (const alias of column.aliases) expect(row).toContain(`\`${alias}\``);
      expect(row).toContain(column.meaning);
    }
  });

  it('documents every workload metric', () => {
    for (const metric of WORKLOAD_METRICS)
      expect(tableRow('Long workload CSV', metric.metric)).toContain(metric.meaning);
  });
});
