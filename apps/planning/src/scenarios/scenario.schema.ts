import { Schema } from 'mongoose';

/** `scenario_revisions`: one document per stored revision of a scenario, never changed. */
export const SCENARIO_REVISIONS = 'scenario_revisions';
export interface ScenarioRevisionDoc {
  _id: string;
  name: string;
  revision: number;
  /** The scenario as stored (zod-checked; versions pinned). */
  scenario: Record<string, unknown>;
  /** Ids and versions of the constraints documents it names (resolved at write time). */
  refs: { ruleset?: { id: string; version: number }; targets?: { id: string; version: number } };
  createdAt: Date;
  createdBy?: string;
}
export const scenarioRevisionSchema = new Schema<ScenarioRevisionDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    revision: { type: Number, required: true },
    scenario: { type: Schema.Types.Mixed, required: true },
    refs: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String },
  },
  { collection: SCENARIO_REVISIONS, versionKey: false, minimize: false },
);
scenarioRevisionSchema.index({ name: 1, revision: 1 }, { unique: true });

/** `scenarios`: one document per scenario name: its latest revision, for lists. */
export const SCENARIOS = 'scenarios';
export interface ScenarioHeadDoc {
  _id: string;
  latest: number;
  description?: string;
  updatedAt: Date;
  /** Deleted scenarios leave lists; their revisions stay for the jobs that ran them. */
  deleted: boolean;
}
export const scenarioHeadSchema = new Schema<ScenarioHeadDoc>(
  {
    _id: { type: String, required: true },
    latest: { type: Number, required: true },
    description: { type: String },
    updatedAt: { type: Date, required: true },
    deleted: { type: Boolean, required: true },
  },
  { collection: SCENARIOS, versionKey: false },
);
