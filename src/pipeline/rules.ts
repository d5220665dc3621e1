/** Rule help for SARIF: the documentation of each library function whose check failed. */
import type { RunReport } from '../results/types.js';
import type { RunRegistry } from '../eval/index.js';

/** `files.exists` → its description, for every library function that failed or errored in `report`. */
export async function describeRules(
  report: RunReport,
  registry: Pick<RunRegistry, 'get'>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const libraries = new Set(
    report.results
      .filter((r) => r.status === 'fail' || r.status === 'error')
      .flatMap((r) => (r.library ? [r.library] : [])),
  );
  for (const name of libraries) {
    const lib = registry.get(name);
    if (!lib) continue;
    try {
      const doc = await lib.documentation();
      for (const f of [...doc.functions, ...doc.checks]) if (f.description) out.set(`${name}.${f.name}`, f.description);
    } catch {
      // a library that cannot describe itself simply gets no rule help
    }
  }
  return out;
}
