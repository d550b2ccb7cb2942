import { children, parseSoapReply } from './soap-xml';
import { samplesOf } from './vsphere-perf';

const REPLY =
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
  '<QueryPerfResponse xmlns="urn:vim25"><returnval xsi:type="PerfEntityMetric"><entity type="VirtualMachine">vm-7</entity>' +
  '<sampleInfo><timestamp>2026-12-03T10:00:00Z</timestamp><interval>300</interval></sampleInfo>' +
  '<sampleInfo><timestamp>2026-12-03T10:05:00Z</timestamp><interval>300</interval></sampleInfo>' +
  '<value xsi:type="PerfMetricIntSeries"><id><counterId>6</counterId><instance></instance></id><value>1200</value><value>-1</value></value>' +
  '<value xsi:type="PerfMetricIntSeries"><id><counterId>98</counterId><instance></instance></id><value>2097152</value><value>1048576</value></value>' +
  '<value xsi:type="PerfMetricIntSeries"><id><counterId>5</counterId><instance></instance></id><value>9</value><value>9</value></value>' +
  '</returnval></QueryPerfResponse></soapenv:Body></soapenv:Envelope>';

describe('samplesOf', () => {
  it('gives cpu in MHz and memory in GiB per timestamp, dropping -1 (no data) and unasked counters', () => {
    const parsed = parseSoapReply(REPLY, 'QueryPerf');
    if (!parsed.ok) throw new Error('expected a response');
    const [metric] = children(parsed.response, 'returnval');
    const counters = {
      cpu: 6,
      memory: 98,
      names: new Map([
        [6, 'cpu.usagemhz.average'],
        [98, 'mem.consumed.average'],
      ]),
    };
    const samples = samplesOf(metric ?? {}, counters, new Map([['vm-7', 'billing-db']]));
    expect(samples).toEqual([
      {
        vm: 'billing-db',
        ref: 'vm-7',
        counter: 'cpu.usagemhz.average',
        metric: 'cpu',
        at: '2026-12-03T10:00:00.000Z',
        value: 1200,
      },
      {
        vm: 'billing-db',
        ref: 'vm-7',
        counter: 'mem.consumed.average',
        metric: 'memory',
        at: '2026-12-03T10:00:00.000Z',
        value: 2,
      },
      {
        vm: 'billing-db',
        ref: 'vm-7',
        counter: 'mem.consumed.average',
        metric: 'memory',
        at: '2026-12-03T10:05:00.000Z',
        value: 1,
      },
    ]);
  });
});
