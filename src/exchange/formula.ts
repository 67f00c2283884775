/**
 * Formula injection (OWASP "CSV injection"): text that a spreadsheet could take for a formula, i.e. text beginning
 * with =, +, -, @, a tab or a carriage return, gets a leading apostrophe, so it stays text when a clerk opens, edits
 * or re-saves the file. Every exporter writes its cells through `neutralizeFormula` (CSV, XLSX tables, XLSX reports);
 * the importer takes the apostrophe off again (`restoreFormulaText`), so an exported file imports unchanged.
 * Pure, no dependencies: the workbench's own CSV (browser) uses it too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text as it was before `neutralizeFormula`: only an apostrophe that it would have added is removed. */
export function restoreFormulaText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
