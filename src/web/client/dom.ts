import { chinaDate, formatChinaTimestamp } from "../../time/china";

/** Tiny DOM helpers: elements are built with text nodes only (never innerHTML), so data cannot inject markup. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | null>;

function apply(el: Element, attrs: Attrs | null | undefined, children: Child[]): void {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "style" || k.startsWith("on")) throw new Error(`h(): ${k} attributes are not allowed (CSP)`);
    el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "object" ? c : String(c));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  apply(el, attrs, children);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** 2024-05-06 14:03 in China time: the one formatting of src/time, whatever the browser's own time zone is. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatChinaTimestamp(d);
}

/** Today as YYYY-MM-DD in China time (the browser's clock, src/time's calendar). */
export function todayInChina(now = new Date()): string {
  return chinaDate(now);
}

/** The given nodes without the absent ones (for replaceChildren with optional parts). */
export const present = (...nodes: Array<Node | null | undefined | false>): Node[] =>
  nodes.filter((n): n is Node => Boolean(n));
