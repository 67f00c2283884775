import { svg } from "./dom";
import type { Counter } from "./progress";

const ROW = 30;
const LABEL_W = 96;
const WIDTH = 360;

/**
 * Horizontal bars (plain SVG, no chart library): one row per counter, scaled to the largest value; it scales
 * with the container (viewBox), so it fits a phone screen.
 */
export function progressChart(counters: Counter[]): SVGSVGElement {
  const max = Math.max(1, ...counters.map((c) => c.value));
  const barMax = WIDTH - LABEL_W - 44;
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${counters.length * ROW}`,
    class: "chart",
    role: "img",
    "aria-label": "部门抽查进度图",
  });
  counters.forEach((c, i) => {
    const y = i * ROW;
    const w = c.value === 0 ? 0 : Math.max(2, Math.round((c.value / max) * barMax));
    chart.append(
      svg("text", { x: LABEL_W - 8, y: y + 19, "text-anchor": "end", class: "chart-label" }, c.label),
      svg("rect", { x: LABEL_W, y: y + 6, width: barMax, height: 18, rx: 3, class: "chart-track" }),
      svg("rect", { x: LABEL_W, y: y + 6, width: w, height: 18, rx: 3, class: `chart-bar bar-${c.key}` }),
      svg("text", { x: LABEL_W + w + 6, y: y + 19, class: "chart-value" }, c.value),
    );
  });
  return chart;
}
