import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus metrics, in a registry of its own (several services can run
 * in one process in tests): Node defaults, HTTP request durations by route, method and
 * status, and handled NATS requests and JetStream events by subject and outcome.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  readonly natsHandled: Counter<'subject' | 'outcome'>;
  readonly eventsHandled: Counter<'consumer' | 'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'vplan_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.natsHandled = new Counter({
      name: 'vplan_nats_requests_handled_total',
      help: 'NATS requests handled, by subject and outcome (ok or an error code)',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
    });
    this.eventsHandled = new Counter({
      name: 'vplan_events_handled_total',
      help: 'JetStream events handled by durable consumers, by consumer and outcome',
      labelNames: ['consumer', 'outcome'],
      registers: [this.registry],
    });
  }
}
