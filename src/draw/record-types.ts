/** The draw record (抽取记录): everything needed to recompute a draw offline. docs/DRAW.md §9. */
import type { DrawAlgorithm } from "./encoding";
import type { InspectorDrawConfig } from "./inspector-config";
import type { InspectorDrawResult } from "./inspector-draw";
import type { FrozenPopulation } from "./population";
import type { SamplingRule } from "./sampling";
import type { DrawnSubject } from "./subject-selection";

/** Fixed before the witness gives entropy; its digest is part of the seed. */
export interface DrawConfig {
  /** Why subjects were left out of the population (name → count); informational, but sealed. */
  exclusionCounts: Record<string, number>;
  samplingRule: SamplingRule;
  /** One per department; several for a joint draw (部门联合抽查). */
  inspectorDraws: InspectorDrawConfig[];
}

export interface StratumSize {
  stratum: string;
  populationCount: number;
  size: number;
}

/** SAMR 第八条: self-declared, ordered or requested recusal; CIVIL: 因客观原因无法参与. */
export type SubstitutionReasonCode = "SELF_DECLARED" | "ORDERED" | "REQUESTED" | "UNAVAILABLE" | "OTHER";

export interface SubstitutionReason {
  code: SubstitutionReasonCode;
  note: string;
}

/** One 递补: the request (first six fields) and its deterministic result. */
export interface SubstitutionEntry {
  departmentId: string;
  targetKey: string;
  recused: string;
  reason: SubstitutionReason;
  recordedAt: string | null;
  /** Inspectors unavailable at the time of this substitution (in addition to the draw-time pool status). */
  unavailableNow: string[];
  substitute: string;
  /** The team after substitution, rank order. */
  members: string[];
  leader: string;
  /** Chain digest over this entry and the previous digest (the seal for the first entry). */
  digest: string;
}

export interface DrawRecord {
  algorithm: DrawAlgorithm;
  taskId: string;
  operator: string;
  witnesses: string[];
  drawnAt: string;
  commitment: string;
  /** Revealed after the draw. */
  serverSeed: string;
  /** Normalised (NFC, trimmed) as hashed. */
  witnessEntropy: string;
  configDigest: string;
  config: DrawConfig;
  seed: string;
  stratumSizes: StratumSize[];
  /** Strata in population order, rank order within a stratum. */
  drawn: DrawnSubject[];
  /** Per department, in config.inspectorDraws order. */
  inspectorResults: InspectorDrawResult[];
  /** Digest over the whole record except population.strata and substitutions: print it on the record sheet. */
  sealDigest: string;
  substitutions: SubstitutionEntry[];
  population: FrozenPopulation;
}
