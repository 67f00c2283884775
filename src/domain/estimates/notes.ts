/** What a reader must know beside an estimate, in the words a clerk or the public reads (docs/ESTIMATES.md §5, §7). */
import type { ComplianceEstimate } from "./estimate";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function estimateNotes(e: ComplianceEstimate, options: { recordMismatch?: boolean } = {}): string[] {
  const notes: string[] = [];
  if (e.estimate === null) notes.push("尚无已公示的随机抽查结果，暂不能估计。");
  if (e.pending > 0) {
    const range = e.bounds
      ? `；若待公示者全部未发现问题，比例约为 ${pct(e.bounds.cleanEstimate)}，全部发现问题约为 ${pct(e.bounds.problemEstimate)}（连同抽样误差在 ${pct(e.bounds.lower)}–${pct(e.bounds.upper)} 之间）`
      : "";
    notes.push(`尚有 ${e.pending} 户结果待公示，未计入估计，也不按“未发现问题”计${range}。`);
  }
  if (e.estimate !== null && e.populationCovered < e.populationSampled)
    notes.push(
      `部分分层尚无已公示结果：估计只代表其余分层的 ${e.populationCovered} 户（抽取所在分层共 ${e.populationSampled} 户）。`,
    );
  if (e.populationSampled < e.population)
    notes.push(
      `有 ${e.population - e.populationSampled} 户所在的分层未抽取任何对象（排除或抽取数为 0），估计不代表这些对象。`,
    );
  if (options.recordMismatch) notes.push("部分检查分配与抽取记录不一致，不一致的部分未计入。");
  return notes;
}
