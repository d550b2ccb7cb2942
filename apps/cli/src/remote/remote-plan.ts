import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { PlanOptionsInput } from '@vplan/formats';
import type { PlanDocument } from '@vplan/formats';
import { planDocumentSchema } from '@vplan/formats';
import { readText, toInputError } from '@vplan/file-input';
import { textFile, writeAllOrNothing } from '../output/atomic-files';
import type { Progress } from '../output/progress';
import type { ApiTarget } from './api-client';
import { ApiError, call, callJson } from './api-client';

/** What `vplan plan --api` sends: the scenario and the rule and target files to store first. */
export interface RemotePlanRequest {
  readonly scenario: string;
  readonly options: PlanOptionsInput;
  readonly rules?: string;
  readonly targets?: string;
  readonly target?: string;
}

interface Job {
  readonly jobId: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed';
  readonly progress?: { phase?: string; hosts?: number; lowerBound?: number; elapsedMs?: number };
  readonly planId?: string;
  readonly error?: string;
}

/** Rule set or target names on the service: the file name without its extension. */
const nameOf = (file: string): string => basename(file, extname(file));

async function putYaml(target: ApiTarget, path: string, file: string): Promise<number> {
  const text = await readText(file).catch((error: unknown) => {
    throw toInputError(file, error);
  });
  const stored = await callJson<{ version: number }>(target, path, {
    method: 'PUT',
    body: text,
    contentType: 'application/yaml',
  });
  return stored.version;
}

/**
 * Plans over everything the services hold: stores the rule and target files (as new
 * versions), writes the scenario, runs it as a job, follows its progress and downloads
 * plan.json, plan.csv and report.html into `out`, all or nothing.
 */
export async function planRemotely(
  target: ApiTarget,
  request: RemotePlanRequest,
  out: string,
  progress: Progress,
  pollMs = 500,
): Promise<{ plan: PlanDocument; files: { planJson: string; planCsv: string; report: string } }> {
  const scenario: Record<string, unknown> = { options: request.options };
  if (request.rules) {
    const name = nameOf(request.rules);
    progress.phase(`storing rule set ${name}`);
    const version = await putYaml(
      target,
      `/constraints/api/v1/rulesets/${encodeURIComponent(name)}`,
      request.rules,
    );
    scenario['ruleset'] = { name, version };
  }
  if (request.targets) {
    const name = nameOf(request.targets);
    progress.phase(`storing target models ${name}`);
    const version = await putYaml(
      target,
      `/constraints/api/v1/targets/${encodeURIComponent(name)}`,
      request.targets,
    );
    scenario['targets'] = { name, version, ...(request.target ? { target: request.target } : {}) };
  }
  const path = `/planning/api/v1/scenarios/${encodeURIComponent(request.scenario)}`;
  progress.phase(`writing scenario ${request.scenario}`);
  await call(target, path, {
    method: 'PUT',
    body: JSON.stringify(scenario),
    contentType: 'application/json',
  });
  const { jobId } = await callJson<{ jobId: string }>(target, `${path}/runs`, { method: 'POST' });
  progress.phase(`job ${jobId} queued`);
  let job: Job;
  let last = '';
  for (;;) {
    job = await callJson<Job>(target, `/planning/api/v1/jobs/${encodeURIComponent(jobId)}`);
    const line = describe(job);
    if (line !== last) progress.status(line);
    last = line;
    if (job.status === 'succeeded' || job.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  if (job.status === 'failed' || !job.planId) {
    throw new ApiError(0, 'JOB_FAILED', `job ${jobId} failed: ${job.error ?? 'no plan'}`);
  }
  const planPath = `/planning/api/v1/plans/${encodeURIComponent(job.planId)}`;
  progress.phase('downloading plan.json, plan.csv and report.html');
  const planText = await (await call(target, planPath)).text();
  const plan = planDocumentSchema.parse(JSON.parse(planText));
  const csv = await (await call(target, `${planPath}/csv`)).text();
  const report = await (await call(target, `${planPath}/report`)).text();
  await mkdir(out, { recursive: true });
  const files = {
    planJson: join(out, 'plan.json'),
    planCsv: join(out, 'plan.csv'),
    report: join(out, 'report.html'),
  };
  await writeAllOrNothing([
    textFile(files.planJson, planText.endsWith('\n') ? planText : `${planText}\n`),
    textFile(files.planCsv, csv),
    textFile(files.report, report),
  ]);
  return { plan, files };
}

function describe(job: Job): string {
  const p = job.progress;
  const figures = [
    p?.phase,
    p?.hosts === undefined ? undefined : `${p.hosts} hosts`,
    p?.lowerBound === undefined ? undefined : `bound ${p.lowerBound}`,
  ].filter((x) => x !== undefined);
  return `job ${job.jobId}: ${job.status}${figures.length > 0 ? ` (${figures.join(', ')})` : ''}`;
}
