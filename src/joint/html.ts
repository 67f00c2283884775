/** Markup that is already safe to emit: only the `html` tag and `rawHtml` (for constants) create it. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Trusted markup written in this module; never pass data through it. */
export function rawHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * Template tag that escapes every interpolated value, so no data reaches a document unescaped.
 * Arrays are joined, null/undefined/false render as nothing, SafeHtml is inserted as is.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}
