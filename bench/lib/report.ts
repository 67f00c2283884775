/** One measured figure of a bench. */
export interface Metric {
  metric: string;
  value: number;
  unit: string;
}

/**
 * Prints the figures as a readable table, then as JSON lines
 * (`{"bench": "...", "metric": "...", "value": 1.23, "unit": "..."}`) so that runs can be compared by tools.
 */
export function report(bench: string, metrics: readonly Metric[]): void {
  const rows = metrics.map((m) => [m.metric, formatValue(m.value), m.unit]);
  const widths = [0, 1, 2].map((i) => Math.max(["metric", "value", "unit"][i].length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  console.log(`\n${bench}`);
  console.log(line(["metric", "value", "unit"]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  console.log("");
  for (const m of metrics) console.log(JSON.stringify({ bench, metric: m.metric, value: m.value, unit: m.unit }));
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** Seconds elapsed while `fn` runs. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
