import { html, rawHtml, type SafeHtml } from "./html";

export type PageOrientation = "portrait" | "landscape";

// Song typeface as on paper forms; table rows never split across pages.
const PRINT_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 10.5pt; line-height: 1.5; color: #000; background: #fff; }
.page { margin: 0 auto; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.1em; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2mm; text-indent: 2em; }
p.plain { text-indent: 0; }
.subtitle, .meta { text-align: center; margin: 0 0 3mm; }
.right { text-align: right; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; word-break: break-all; }
th { font-weight: bold; text-align: center; background: #f2f2f2; }
td.center { text-align: center; }
.pre { white-space: pre-line; }
.small { font-size: 9pt; color: #333; }
.blank { height: 18mm; }
.sign { display: inline-block; min-width: 45mm; border-bottom: 1px solid #000; }
th.n { width: 8%; }
td.tall { height: 24mm; }
.right-float { float: right; }
tr, .keep { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
@media screen { body { background: #eee; } .page { background: #fff; padding: 15mm; margin: 5mm auto; } }
`;

const SHEET = { portrait: { width: 210, height: 297 }, landscape: { width: 297, height: 210 } };

function pageCss(orientation: PageOrientation): SafeHtml {
  const { width, height } = SHEET[orientation];
  return rawHtml(`@page { size: A4 ${orientation}; margin: 15mm; }
@media screen { .page { width: ${width}mm; min-height: ${height}mm; } }${PRINT_CSS}`);
}

/** A complete, self-contained HTML page (no external resources) ready for the browser's print dialog. */
export function printablePage(title: string, body: SafeHtml, orientation: PageOrientation = "portrait"): string {
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${pageCss(orientation)}</style>
</head>
<body>
<div class="page">
${body}
</div>
</body>
</html>
`.value;
}
