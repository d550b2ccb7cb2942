/**
 * The fictitious enterprise the simulator draws from: its sites, departments and
 * application names. Static tables only; the choices are made in portfolio.ts.
 */

/** A data center of the simulated enterprise. */
export interface Site {
  readonly code: string;
  readonly city: string;
  /** Local time of the users served from this site, in hours from UTC (no DST). */
  readonly utcOffsetHours: number;
}

/**
 * Sites: production runs in ams1 and in two regional sites; ams2 is the secondary data
 * center that holds the DR replicas and the European test and development servers.
 */
export const SITES: readonly Site[] = [
  { code: 'ams1', city: 'Amsterdam', utcOffsetHours: 1 },
  { code: 'ams2', city: 'Amsterdam (secondary)', utcOffsetHours: 1 },
  { code: 'nyc1', city: 'New York', utcOffsetHours: -5 },
  { code: 'sin1', city: 'Singapore', utcOffsetHours: 8 },
];

/** Where an application's production runs (its users' region), by weight. */
export const PRODUCTION_SITES: readonly (readonly [string, number])[] = [
  ['ams1', 68],
  ['nyc1', 20],
  ['sin1', 12],
];

/** The site that holds DR replicas and European non-production servers. */
export const SECONDARY_SITE = 'ams2';

export interface Department {
  /** Hostname prefix, e.g. `fin` in `fin-app-017`. */
  readonly code: string;
  readonly name: string;
  /** First of the department's cost centers; apps use it or one of the next two. */
  readonly costCenter: number;
  /** Relative number of applications the department owns. */
  readonly weight: number;
}

export const DEPARTMENTS: readonly Department[] = [
  { code: 'fin', name: 'Finance', costCenter: 4100, weight: 14 },
  { code: 'hr', name: 'Human Resources', costCenter: 4200, weight: 7 },
  { code: 'sal', name: 'Sales', costCenter: 5100, weight: 12 },
  { code: 'mkt', name: 'Marketing', costCenter: 5200, weight: 7 },
  { code: 'ops', name: 'Operations and Logistics', costCenter: 6100, weight: 13 },
  { code: 'mfg', name: 'Manufacturing', costCenter: 6200, weight: 10 },
  { code: 'csc', name: 'Customer Service', costCenter: 5300, weight: 8 },
  { code: 'leg', name: 'Legal and Compliance', costCenter: 4300, weight: 4 },
  { code: 'rnd', name: 'Research and Development', costCenter: 7100, weight: 9 },
  { code: 'it', name: 'IT Shared Services', costCenter: 3100, weight: 16 },
];

/** Business application names per department (an application id is `<dept>-<name>`). */
export const BUSINESS_APPS: Readonly<Record<string, readonly string[]>> = {
  fin: ['ledger', 'invoicing', 'treasury', 'expenses', 'payments', 'budgeting', 'assets', 'tax'],
  hr: ['recruiting', 'timesheets', 'learning', 'benefits', 'portal'],
  sal: ['crm', 'quotes', 'pricing', 'orders', 'partner-portal', 'contracts'],
  mkt: ['webshop', 'cms', 'campaigns', 'events', 'loyalty'],
  ops: ['warehouse', 'transport', 'procurement', 'inventory', 'planning', 'fleet'],
  mfg: ['mes', 'plm', 'quality', 'maintenance', 'historian'],
  csc: ['ticketing', 'callcenter', 'knowledge', 'chat', 'returns'],
  leg: ['contracts', 'records', 'compliance', 'ediscovery'],
  rnd: ['labdata', 'docs', 'wiki', 'trials'],
  it: ['itsm', 'intranet', 'identity', 'portal', 'cmdb'],
};

/** Consumer-facing applications: busiest in the evening and at weekends. */
export const CONSUMER_APPS: ReadonlySet<string> = new Set(['webshop', 'loyalty', 'chat', 'events']);

/** Applications that run mostly at night (ETL, payroll runs, reporting). */
export const BATCH_APPS: Readonly<Record<string, readonly string[]>> = {
  fin: ['reporting', 'consolidation', 'closing'],
  hr: ['payroll'],
  sal: ['commissions', 'forecast'],
  mkt: ['mailings'],
  ops: ['edi', 'replenishment'],
  mfg: ['mrp'],
  csc: ['surveys'],
  leg: ['archiving'],
  rnd: ['nightly-tests'],
  it: ['datawarehouse', 'etl'],
};

/** Bursty compute: build farms, analytics and simulation clusters. */
export const COMPUTE_APPS: Readonly<Record<string, readonly string[]>> = {
  mkt: ['analytics'],
  mfg: ['simulation'],
  rnd: ['build', 'hpc', 'datascience'],
  it: ['build', 'search'],
};

/** First and last names for application owners (`first.last`). */
export const FIRST_NAMES: readonly string[] = (
  'anna bram chen daan eva farid greta hugo ines jan kim lars maria noah olga pieter priya ' +
  'ruben sara tom umar vera wei yusuf zoe'
).split(' ');

export const LAST_NAMES: readonly string[] = (
  'bakker dijkstra garcia jansen kowalski lim meyer nguyen okafor peters rossi schmidt smit ' +
  'tan visser wong devries mulder'
).split(' ');

/** Operating systems with the year they came out (servers do not run an OS older than
 * their hardware by much, nor newer than the estate). */
export const OPERATING_SYSTEMS: readonly { name: string; year: number; windows: boolean }[] = [
  { name: 'Windows Server 2008 R2', year: 2009, windows: true },
  { name: 'Windows Server 2012 R2', year: 2013, windows: true },
  { name: 'Windows Server 2016', year: 2016, windows: true },
  { name: 'Windows Server 2019', year: 2018, windows: true },
  { name: 'Windows Server 2022', year: 2021, windows: true },
  { name: 'RHEL 6', year: 2010, windows: false },
  { name: 'RHEL 7', year: 2014, windows: false },
  { name: 'RHEL 8', year: 2019, windows: false },
  { name: 'RHEL 9', year: 2022, windows: false },
  { name: 'SLES 12', year: 2014, windows: false },
  { name: 'SLES 15', year: 2018, windows: false },
  { name: 'Ubuntu 20.04', year: 2020, windows: false },
  { name: 'Ubuntu 22.04', year: 2022, windows: false },
];

/** Weekly maintenance windows (local time of the site). */
export const MAINTENANCE_WINDOWS = {
  prod: ['Sun 02:00-06:00', 'Sat 22:00-02:00', 'Sun 04:00-08:00', 'Wed 22:00-01:00'],
  nonProd: ['Tue 18:00-22:00', 'Thu 18:00-22:00', 'Mon 07:00-09:00', 'any'],
} as const;
