/** Text of `run --dry-run`: every element with its scopes, refs, uses and the checks that would run. */
import type { Plan, PlannedCheck, PlannedMember } from '../eval/index.js';
import { originTag } from '../report/human.js';
import { createStyle, type Style } from '../report/style.js';
import { plural } from './common.js';

export interface PlanRenderOptions {
  color: boolean;
  cwd?: string;
}

export function renderPlan(plan: Plan, opts: PlanRenderOptions): string {
  const s = createStyle(opts.color);
  const out = [`${s.bold(s.blue('Dry run'))} of \`${plan.file}\` — nothing is evaluated, no library is called.`, ''];
  for (const e of plan.elements) {
    const pad = '  '.repeat(e.depth);
    const impl = e.implements.length > 0 ? ` implements ${e.implements.join(', ')}` : '';
    out.push(`${pad}element ${s.cyan(e.path)}${impl}  ${s.dim(`${e.file}:${e.span.start.line}`)}`);
    for (const m of e.scopes) out.push(`${pad}  scope ${member(m, s)}`);
    for (const m of e.refs) out.push(`${pad}  ref ${member(m, s)}`);
    for (const u of e.uses) out.push(`${pad}  ${u.source} uses ${s.cyan(u.target)}`);
    for (const c of e.checks) out.push(`${pad}  ${checkLine(c, s)}`);
  }
  const skipped = plan.checks.filter((c) => c.skipped).length;
  const running = plan.checks.length - skipped;
  out.push(
    '',
    `${s.bold(plural(running, 'check'))} would run${skipped > 0 ? `, ${skipped} skipped by --filter` : ''}.`,
  );
  return `${out.join('\n')}\n`;
}

function member(m: PlannedMember, s: Style): string {
  let text = s.blue(m.name);
  if (m.language) text += `<${m.language}>`;
  if (m.type) text += `: ${s.yellow(m.type)}`;
  if (m.binds) text += ` binds ${m.binds}`;
  if (m.expression) text += ` = ${m.expression}`;
  return text;
}

function checkLine(c: PlannedCheck, s: Style): string {
  const origin = originTag(c);
  const tag = origin ? ` ${s.dim(`[${origin}]`)}` : '';
  if (c.skipped) return `${s.dim(`- check ${c.check} (skipped by --filter)`)}${tag}`;
  return `${s.green('→')} check ${c.check}${tag}`;
}
