import type { AnyContract } from './contract';
import { CONSTRAINTS } from './constraints';
import { DISCOVERY } from './discovery';
import { INVENTORY } from './inventory';
import { PLANNING } from './planning';
import { WORKLOADS } from './workloads';

/** Every contract by service (the service that serves the request or publishes the event). */
export const CONTRACTS_BY_SERVICE = {
  inventory: INVENTORY,
  workloads: WORKLOADS,
  constraints: CONSTRAINTS,
  planning: PLANNING,
  discovery: DISCOVERY,
} as const;

/** Every contract of vplan, service by service, in definition order. */
export const ALL_CONTRACTS: readonly AnyContract[] = Object.values(CONTRACTS_BY_SERVICE).flatMap(
  (service) => Object.values(service) as AnyContract[],
);

/** The contract of a subject (without any test prefix), if there is one. */
export function contractOf(subject: string): AnyContract | undefined {
  return ALL_CONTRACTS.find((c) => c.subject === subject);
}
