/**
 * The starter spec `hielements init` proposes for a project: one element per detected unit, bound
 * to its real folder, with `uses` for every dependency between elements that exists today and, for
 * each pair of sibling elements where only one direction is used, a rule forbidding the other
 * direction (so today's layering cannot quietly turn into a cycle). Everything passes on the code
 * as it is, with `--strict-uses` too; it is meant to be tightened.
 */
import type { Language, ProjectFacts, Unit } from './detect.js';

export interface Dependency {
  /** Element paths. */
  from: string;
  to: string;
  count: number;
}

interface Placed {
  unit: Unit;
  path: string;
  parent?: Placed;
  children: Placed[];
}

const LANGUAGE_NAMES: Record<Language, string> = {
  python: 'Python',
  typescript: 'TypeScript/JavaScript',
  rust: 'Rust',
};

function place(units: Unit[], prefix: string, parent?: Placed): Placed[] {
  return units.map((unit) => {
    const p: Placed = { unit, path: `${prefix}.${unit.name}`, children: [] };
    if (parent) p.parent = parent;
    p.children = place(unit.children, p.path, p);
    return p;
  });
}

function flatten(ps: Placed[]): Placed[] {
  return ps.flatMap((p) => [p, ...flatten(p.children)]);
}

const within = (path: string, root: string): boolean => path === root || path.startsWith(`${root}.`);

export interface Proposal {
  text: string;
  uses: number;
  forbids: number;
}

/** The spec text; `deps` are the actual dependencies measured on the draft (empty for the draft itself). */
export function proposeSpec(name: string, facts: ProjectFacts, deps: readonly Dependency[]): Proposal {
  const top = place(facts.units, name);
  const all = flatten(top);
  const depends = (a: string, b: string) => deps.some((d) => within(d.from, a) && within(d.to, b));

  // uses: each element declares the elements its own files depend on (the most specific target).
  const usesOf = new Map<string, Set<string>>();
  for (const d of deps) {
    if (within(d.to, d.from) || within(d.from, d.to)) continue;
    const set = usesOf.get(d.from) ?? new Set<string>();
    set.add(d.to);
    usesOf.set(d.from, set);
  }
  // forbids: between siblings, the direction nobody uses while the other one is used.
  const forbidden = new Map<string, string[]>();
  const siblingGroups = [top, ...all.map((p) => p.children)].filter((g) => g.length > 1);
  for (const group of siblingGroups) {
    for (const a of group) {
      for (const b of group) {
        if (a === b) continue;
        if (depends(b.path, a.path) && !depends(a.path, b.path)) {
          const list = forbidden.get(a.path) ?? [];
          list.push(b.unit.name);
          forbidden.set(a.path, list);
        }
      }
    }
  }

  const languages = (Object.keys(facts.languages) as Language[]).filter((l) => (facts.languages[l] ?? 0) > 0);
  const out: string[] = [];
  out.push(`# ${name} — architecture specification proposed by \`hielements init\` from the code as it is.`);
  out.push(
    `# Found: ${
      languages.map((l) => `${LANGUAGE_NAMES[l]} ` + `(${facts.languages[l]} files)`).join(', ') || 'no source files'
    }.`,
  );
  out.push('#');
  out.push('# Every element is bound to a real folder. The `uses` lines are the dependencies between elements');
  out.push('# that exist today; the `forbids` rules keep the directions nobody uses yet unused. All of it');
  out.push('# passes on the code as it is. Tighten it, and run it with `--strict-uses` so that a new');
  out.push('# dependency between elements has to be declared:');
  out.push('#');
  out.push('#     hielements run --strict-uses');
  out.push('');
  out.push('import files');
  for (const l of languages) out.push(`import ${l}`);
  out.push('');

  const patternName = (p: Placed) => `${p.path.split('.').slice(1).join('_')}_boundaries`;
  for (const p of all) {
    const targets = forbidden.get(p.path);
    if (!targets) continue;
    out.push(
      `## \`${p.unit.name}\` does not depend on ${targets.map((t) => `\`${t}\``).join(', ')} today (the other ` +
        'direction is used): keep it so.',
    );
    out.push(`pattern ${patternName(p)} {`);
    for (const t of targets) out.push(`    forbids connection to ${t}`);
    out.push('}');
    out.push('');
  }

  out.push(`## The ${name} project.`);
  out.push(`element ${name} {`);
  out.push("    scope root = files.folder_selector('.')");
  if (facts.hasReadme) {
    out.push('');
    out.push('    ## Every project explains itself in a README.');
    out.push("    check files.exists(root, 'README.md')");
  }
  const emit = (p: Placed, indent: string) => {
    const u = p.unit;
    const kind =
      u.language === 'python'
        ? 'Python package'
        : u.language === 'rust'
          ? 'Rust crate'
          : 'TypeScript/JavaScript folder';
    out.push('');
    out.push(`${indent}## ${kind} \`${u.folder}\`.`);
    const impl = forbidden.has(p.path) ? ` implements ${patternName(p)}` : '';
    out.push(`${indent}element ${u.name}${impl} {`);
    out.push(`${indent}    scope code<${u.language}> = ${u.selector}`);
    for (const target of [...(usesOf.get(p.path) ?? [])].sort())
      out.push(`${indent}    code uses ${nameFrom(p, target, name)}`);
    for (const c of p.children) emit(c, `${indent}    `);
    out.push(`${indent}}`);
  };
  for (const p of top) emit(p, '    ');
  out.push('}');
  out.push('');
  let forbids = 0;
  for (const t of forbidden.values()) forbids += t.length;
  let uses = 0;
  for (const s of usesOf.values()) uses += s.size;
  return { text: out.join('\n'), uses, forbids };
}

/** How element `target` is named from inside `from`: a sibling by its name, anything else by its full path. */
function nameFrom(from: Placed, target: string, top: string): string {
  const parentPath = from.parent ? from.parent.path : top;
  if (target.startsWith(`${parentPath}.`) && !target.slice(parentPath.length + 1).includes('.'))
    return target.slice(parentPath.length + 1);
  return target;
}
