/**
 * The architecture report as one self-contained HTML page: the data as JSON, the ELK layout engine
 * (elkjs, inlined from its package) and the page's own script and styles (assets/report/), so the
 * file works offline and can be attached to a CI run or opened from disk.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ArchitectureData } from './model.js';

/** assets/report of the repository or the installed package (three levels above dist/report/architecture). */
const ASSETS = new URL('../../../assets/report/', import.meta.url);

async function asset(name: string): Promise<string> {
  return readFile(fileURLToPath(new URL(name, ASSETS)), 'utf8');
}

/** The ELK bundle (layout engine without a web worker) from the elkjs package. */
async function elkBundle(): Promise<string> {
  const require = createRequire(import.meta.url);
  return readFile(require.resolve('elkjs/lib/elk.bundled.js'), 'utf8');
}

/** Text safe inside <script>: no `</script` or `<!--` can end or confuse the element. */
function scriptText(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export async function renderHtml(data: ArchitectureData, title: string): Promise<string> {
  const [elk, app, css] = await Promise.all([elkBundle(), asset('app.js'), asset('style.css')]);
  // JSON inside a script element: escape `<` so no `</script>` or comment can appear.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
${css}
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <span class="summary" id="summary"></span>
  <label><input type="checkbox" id="only-violations" data-testid="only-violations"> Violations only</label>
  <button type="button" id="expand-all">Expand all</button>
  <button type="button" id="collapse-all">Collapse all</button>
  <span class="legend">click an element to expand it · click a dependency for its imports · red: breaks a rule · dashed: not declared with <code>uses</code></span>
  <span class="status" id="status"></span>
</header>
<main>
  <nav id="tree" aria-label="Elements"></nav>
  <div id="canvas"><svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Dependencies between elements"></svg></div>
  <aside id="details" data-testid="details"><p>Select an element or a dependency.</p></aside>
</main>
<script id="hie-data" type="application/json">${json}</script>
<script>
${scriptText(elk)}
</script>
<script>
${scriptText(app)}
</script>
</body>
</html>
`;
}
