import type { WeeklyWindow } from '@vplan/domain';

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
  /** IANA time zone of the site (maintenance windows are in it); standard time = utcOffsetHours. */
  readonly timeZone: string;
  /** First VLAN id of the site's numbering plan (see README: VLANs and subnets). */
  readonly vlanBase: number;
  /** Second octet of the site's first 10.x.0.0/16 network. */
  readonly subnetOctet: number;
}

/**
 * Sites: production runs in ams1 and in two regional sites; ams2 is the secondary data
 * center that holds the DR replicas and the European test and development servers.
 */
export const SITES: readonly Site[] = [
  site('ams1', 'Amsterdam', 1, 'Europe/Amsterdam', 1100, 16),
  site('ams2', 'Amsterdam (secondary)', 1, 'Europe/Amsterdam', 2100, 32),
  site('nyc1', 'New York', -5, 'America/New_York', 3100, 48),
  site('sin1', 'Singapore', 8, 'Asia/Singapore', 3600, 64),
];

function site(
  code: string,
  city: string,
  utcOffsetHours: number,
  timeZone: string,
  vlanBase: number,
  subnetOctet: number,
): Site {
  return { code, city, utcOffsetHours, timeZone, vlanBase, subnetOctet };
}

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
 * their hardware by much, nor newer than the estate) and their family. */
export const OPERATING_SYSTEMS: readonly OperatingSystem[] = [
  os('Windows Server 2008 R2', 2009, 'windows'),
  os('Windows Server 2012 R2', 2013, 'windows'),
  os('Windows Server 2016', 2016, 'windows'),
  os('Windows Server 2019', 2018, 'windows'),
  os('Windows Server 2022', 2021, 'windows'),
  os('RHEL 6', 2010, 'linux'),
  os('RHEL 7', 2014, 'linux'),
  os('RHEL 8', 2019, 'linux'),
  os('RHEL 9', 2022, 'linux'),
  os('SLES 12', 2014, 'linux'),
  os('SLES 15', 2018, 'linux'),
  os('Ubuntu 20.04', 2020, 'linux'),
  os('Ubuntu 22.04', 2022, 'linux'),
];

/** Old systems that legacy applications on old hardware still run. */
export const LEGACY_OPERATING_SYSTEMS: readonly OperatingSystem[] = [
  os('Windows Server 2003 R2', 2005, 'windows'),
  os('Solaris 10', 2005, 'solaris'),
];

export interface OperatingSystem {
  readonly name: string;
  readonly year: number;
  readonly family: 'windows' | 'linux' | 'solaris';
  readonly windows: boolean;
}

function os(name: string, year: number, family: OperatingSystem['family']): OperatingSystem {
  return { name, year, family, windows: family === 'windows' };
}

const DAY = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 } as const;

/** A weekly window from `day` `from` to `to` (hours, local time; `to` ≤ `from` wraps past midnight). */
function weekly(day: keyof typeof DAY, from: number, to: number): readonly WeeklyWindow[] {
  const minutes = ((to - from + 24) % 24 || 24) * 60;
  return [{ start: (DAY[day] * 24 + from) * 60, minutes }];
}

/** Weekly maintenance window options (local time of the site); non-production may also go down any time. */
export const MAINTENANCE_WINDOWS: Readonly<
  Record<'prod' | 'nonProd', readonly (readonly WeeklyWindow[])[]>
> = {
  prod: [weekly('Sun', 2, 6), weekly('Sat', 22, 2), weekly('Sun', 4, 8), weekly('Wed', 22, 1)],
  nonProd: [
    weekly('Tue', 18, 22),
    weekly('Thu', 18, 22),
    weekly('Mon', 7, 9),
    [{ start: 0, minutes: 7 * 1440 }],
  ],
};
