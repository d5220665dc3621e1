/**
 * Requirements of a pattern, checked for every element X implementing it:
 * `requires|forbids [descendant] scope|ref|element|implements|check|language …` and
 * `allows language …`. Connection requirements are in connections.ts.
 */
import { candidates } from '../model/bind.js';
import type { Bindings } from '../model/bindings.js';
import { descendants } from '../model/build.js';
import { forEachName, instanceFor, instanceOf } from '../model/resolve.js';
import type { EvalSite, Member, Node } from '../model/types.js';
import type { Expression, Requirement, ScopeDecl } from '../syntax/ast.js';
import type { RuleResult } from './connections.js';
import { toEvalError, type Evaluator } from './evaluator.js';

export interface RequirementEnv {
  evaluator: Evaluator;
  bindings: Bindings;
  allowEmpty: boolean;
}

/** True when every name in `expr` resolves from `site` to a value. */
export function namesResolve(expr: Expression, site: EvalSite, bindings: Bindings): boolean {
  let ok = true;
  forEachName(expr, (_segs, e) => {
    if (!ok) return;
    const r = bindings.name(e, site.node);
    if (!r?.ok || r.target.kind !== 'member') {
      ok = false;
      return;
    }
    if (!instanceFor(r.target.member, site, e.span).ok) ok = false;
  });
  return ok;
}

const where = (x: Node, descendant: boolean): string =>
  descendant ? `no descendant of \`${x.path}\`` : `\`${x.path}\``;

export async function runRequirement(env: RequirementEnv, r: Requirement, x: Node, p: Node): Promise<RuleResult> {
  const c = r.component;
  switch (c.kind) {
    case 'scope':
      return memberRequirement(env, r, x, p, 'scope', c.scope.name.name, c.scope);
    case 'ref':
      return memberRequirement(env, r, x, p, 'ref', c.name.name, undefined, c.type.name, c.expression);
    case 'element':
      return elementRequirement(env, r, x);
    case 'check':
      return checkRequirement(env, r, c.check.expression, x, p);
    case 'language':
      return languageRequirement(env, r, x, [c.name.name]);
    case 'connection':
      return { status: 'error', message: 'connection requirements are evaluated by the connection rules' };
  }
}

async function memberRequirement(
  env: RequirementEnv,
  r: Requirement,
  x: Node,
  p: Node,
  kind: 'scope' | 'ref',
  name: string,
  scope?: ScopeDecl,
  type?: string,
  refExpr?: Expression,
): Promise<RuleResult> {
  const expr = scope?.expression ?? refExpr;
  const lang = scope?.language?.name;
  const problems: string[] = [];
  const matches: string[] = [];
  const list = candidates(x, r.descendant, false);
  for (const e of list) {
    const m = e.members.get(name);
    let member: Member | undefined = m && !('nameSpan' in m) && m.kind === kind ? m : undefined;
    // X itself may also satisfy it by binding the pattern's own placeholder of that name.
    if (!member && e === x) {
      const slot = p.members.get(name);
      if (
        slot &&
        !('nameSpan' in slot) &&
        slot.kind === kind &&
        (x.bound.has(`${p.name}.${name}`) || slot.decl.expression)
      )
        member = slot;
    }
    if (!member) continue;
    if (type && member.decl.kind === 'Ref' && member.decl.type.name !== type) {
      problems.push(`\`${e.path}\` has ref \`${name}\` of type \`${member.decl.type.name}\`, not \`${type}\``);
      continue;
    }
    if (lang) {
      const declared = member.decl.kind === 'Scope' ? member.decl.language?.name : undefined;
      let actual = declared;
      if (!actual) {
        const inst = instanceFor(member, { node: e, implementer: x }, member.decl.span);
        if (inst.ok) {
          try {
            const v = await env.evaluator.valueOf(inst.instance);
            if (v.type === 'scope') actual = v.scope.language;
          } catch (err) {
            problems.push(toEvalError(err).message);
            continue;
          }
        }
      }
      if (actual !== lang) {
        problems.push(
          `scope \`${e.path}.${name}\` is ${actual ? `in ${actual}` : 'of unknown language'}, ` + `not ${lang}`,
        );
        continue;
      }
    }
    if (expr && r.action === 'requires') {
      try {
        const v = await env.evaluator.evalExpr(expr, { expression: expr, node: e });
        if (kind === 'scope' && v.type === 'scope' && v.scope.paths.length === 0 && !env.allowEmpty) {
          problems.push(`in \`${e.path}\`, the required expression selects no file`);
          continue;
        }
      } catch (err) {
        problems.push(`in \`${e.path}\`: ${toEvalError(err).message}`);
        continue;
      }
    }
    matches.push(e.path);
  }
  if (r.action === 'forbids') {
    if (matches.length === 0)
      return {
        status: 'pass',
        message: `${where(x, r.descendant).replace(/^no /, 'no ')} declares ${kind} \`${name}\``,
      };
    return {
      status: 'fail',
      message:
        `${matches.map((m) => `\`${m}\``).join(', ')} declare${matches.length === 1 ? 's' : ''} ${kind} ` +
        `\`${name}\`, which pattern \`${p.name}\` forbids`,
    };
  }
  if (matches.length > 0) return { status: 'pass', message: `\`${matches[0]}\` declares ${kind} \`${name}\`` };
  const why = problems.length > 0 ? ` (${problems.slice(0, 3).join('; ')})` : '';
  return {
    status: 'fail',
    message:
      `${where(x, r.descendant)} declares ${kind} ` +
      `\`${name}\`${type ? `: ${type}` : ''}${lang ? `<${lang}>` : ''} as pattern \`${p.name}\` requires${why}`,
  };
}

async function elementRequirement(env: RequirementEnv, r: Requirement, x: Node): Promise<RuleResult> {
  const c = r.component;
  if (c.kind !== 'element') return { status: 'error', message: 'not an element requirement' };
  const wanted = c.name?.name;
  const impl = c.implements?.name;
  const typePattern = c.type?.name;
  const list = candidates(x, r.descendant, true);
  const matches: Node[] = [];
  const problems: string[] = [];
  for (const e of list) {
    if (wanted !== undefined && e.name !== wanted) continue;
    if (impl !== undefined && !e.implements.some((q) => q.name === impl)) {
      if (wanted !== undefined) problems.push(`\`${e.path}\` does not implement \`${impl}\``);
      continue;
    }
    // A type annotation that names a pattern must be implemented; other type names are labels.
    if (
      typePattern !== undefined &&
      x.unit.topLevel.get(typePattern)?.kind === 'pattern' &&
      !e.implements.some((q) => q.name === typePattern)
    ) {
      problems.push(`\`${e.path}\` does not implement \`${typePattern}\``);
      continue;
    }
    if (c.body && r.action === 'requires') {
      const missing = [...c.body.scopes, ...c.body.refs].map((d) => d.name.name).filter((n) => !e.members.has(n));
      if (missing.length > 0) {
        problems.push(`\`${e.path}\` lacks ${missing.map((m) => `\`${m}\``).join(', ')}`);
        continue;
      }
      let failed: string | undefined;
      for (const chk of c.body.checks) {
        const run = await env.evaluator.runCheck(chk.expression, { expression: chk.expression, node: e });
        if (run.result.status !== 'pass') {
          failed = `in \`${e.path}\`, \`${chk.text}\`: ${run.result.message ?? run.result.status}`;
          break;
        }
      }
      if (failed) {
        problems.push(failed);
        continue;
      }
    }
    matches.push(e);
  }
  const what =
    wanted !== undefined
      ? `element \`${wanted}\`${impl ? ` implementing \`${impl}\`` : ''}`
      : `element implementing \`${impl ?? '?'}\``;
  const scopeWord = r.descendant ? 'descendant' : 'child';
  if (r.action === 'forbids') {
    if (matches.length === 0) return { status: 'pass', message: `\`${x.path}\` has no ${scopeWord} ${what}` };
    return {
      status: 'fail',
      message:
        `\`${x.path}\` has a forbidden ${scopeWord} ${what}: ` + `${matches.map((m) => `\`${m.path}\``).join(', ')}`,
    };
  }
  if (matches.length > 0)
    return { status: 'pass', message: `\`${(matches[0] as Node).path}\` is the required ${what}` };
  const why = problems.length > 0 ? ` (${problems.slice(0, 3).join('; ')})` : '';
  return { status: 'fail', message: `\`${x.path}\` has no ${scopeWord} ${what}${why}` };
}

async function checkRequirement(
  env: RequirementEnv,
  r: Requirement,
  expr: Expression,
  x: Node,
  p: Node,
): Promise<RuleResult> {
  const sites: EvalSite[] = r.descendant
    ? descendants(x).map((d) => ({ expression: expr, node: d }))
    : [
        { expression: expr, node: p, implementer: x },
        { expression: expr, node: x },
      ];
  const usable = sites.filter((s) => namesResolve(expr, s, env.bindings));
  const chosen = r.descendant ? usable : usable.slice(0, 1);
  if (chosen.length === 0) {
    return r.action === 'forbids'
      ? {
          status: 'pass',
          message: `the check does not apply to ${r.descendant ? `any descendant of \`${x.path}\`` : `\`${x.path}\``}`,
        }
      : {
          status: 'fail',
          message:
            `${r.descendant ? `no descendant of \`${x.path}\` declares` : `\`${x.path}\` does not declare`} ` +
            'the names this check uses',
        };
  }
  const results: { node: Node; status: string; message?: string }[] = [];
  for (const s of chosen) {
    const run = await env.evaluator.runCheck(expr, s);
    const node = s.implementer ?? s.node;
    results.push({ node, status: run.result.status, ...(run.result.message ? { message: run.result.message } : {}) });
    if (r.action === 'requires' && run.result.status === 'pass')
      return { status: 'pass', message: `passes for \`${node.path}\`` };
    if (r.action === 'forbids' && run.result.status === 'pass')
      return { status: 'fail', message: `the forbidden check passes for \`${node.path}\`` };
  }
  const errors = results.filter((x2) => x2.status === 'error');
  if (r.action === 'forbids') {
    if (errors.length === results.length)
      return {
        status: 'error',
        message: (errors[0] as { message?: string }).message ?? 'the check could not be evaluated',
      };
    return {
      status: 'pass',
      message: `the forbidden check passes for no ${r.descendant ? 'descendant' : 'element'}`,
    };
  }
  if (errors.length === results.length && !r.descendant)
    return {
      status: 'error',
      message: (errors[0] as { message?: string }).message ?? 'the check could not be evaluated',
    };
  const detail = results
    .slice(0, 3)
    .map((x2) => `\`${x2.node.path}\`: ${x2.message ?? x2.status}`)
    .join('; ');
  return {
    status: 'fail',
    message: r.descendant
      ? `the check passes for no descendant of \`${x.path}\` (${detail})`
      : (results[0]?.message ?? 'failed'),
  };
}

/** Languages of the scopes of x and its descendants (annotation first, else the evaluated scope's). */
async function languagesOf(env: RequirementEnv, x: Node): Promise<{ langs: Map<string, string[]>; errors: string[] }> {
  const langs = new Map<string, string[]>();
  const errors: string[] = [];
  const add = (l: string, where2: string): void => {
    const list = langs.get(l);
    if (list) list.push(where2);
    else langs.set(l, [where2]);
  };
  for (const e of [x, ...descendants(x)]) {
    for (const m of e.scopes) {
      const declared = m.decl.kind === 'Scope' ? m.decl.language?.name : undefined;
      if (declared) {
        add(declared, `${e.path}.${m.name}`);
        continue;
      }
      try {
        const v = await env.evaluator.valueOf(instanceOf(m));
        if (v.type === 'scope' && v.scope.language) add(v.scope.language, `${e.path}.${m.name}`);
      } catch (err) {
        errors.push(toEvalError(err).message);
      }
    }
  }
  return { langs, errors };
}

export async function languageRequirement(
  env: RequirementEnv,
  r: Requirement,
  x: Node,
  names: string[],
): Promise<RuleResult> {
  const { langs, errors } = await languagesOf(env, x);
  const found = [...langs.keys()].sort();
  const summary = found.length > 0 ? found.join(', ') : 'none';
  if (r.action === 'requires') {
    const l = names[0] as string;
    if (langs.has(l))
      return {
        status: 'pass',
        message: `\`${x.path}\` has ${l} scopes (${(langs.get(l) as string[]).slice(0, 3).join(', ')})`,
      };
    if (errors.length > 0)
      return {
        status: 'error',
        message: `no ${l} scope found, and some scopes could not be evaluated: ` + `${errors[0]}`,
      };
    return { status: 'fail', message: `\`${x.path}\` has no ${l} scope (languages found: ${summary})` };
  }
  if (r.action === 'forbids') {
    const l = names[0] as string;
    const at = langs.get(l);
    if (at)
      return {
        status: 'fail',
        message: `\`${x.path}\` has ${l} scopes, which are forbidden: ${at.slice(0, 3).join(', ')}`,
      };
    if (errors.length > 0) return { status: 'error', message: `some scopes could not be evaluated: ${errors[0]}` };
    return { status: 'pass', message: `\`${x.path}\` has no ${l} scope` };
  }
  const other = found.filter((l) => !names.includes(l));
  if (other.length > 0) {
    return {
      status: 'fail',
      message:
        `\`${x.path}\` may only contain ${names.join(', ')}, but has ` +
        `${other.map((l) => `${l} (${(langs.get(l) as string[]).slice(0, 2).join(', ')})`).join(', ')}`,
    };
  }
  if (errors.length > 0) return { status: 'error', message: `some scopes could not be evaluated: ${errors[0]}` };
  return {
    status: 'pass',
    message: `\`${x.path}\` only contains ${summary === 'none' ? 'no annotated language' : summary}`,
  };
}
