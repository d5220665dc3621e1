/**
 * The check phase of validation (`hielements check`): reads the bound model and its side table
 * (bind.ts, bindings.ts) and reports — names that did not resolve, library calls of unknown
 * functions or of the wrong kind, missing bindings, requirements outside patterns, bad `uses`,
 * unknown connection targets, `connection_check` parameters and reference cycles; calls against
 * the called function's documented parameters (signatures.ts). It resolves no name and changes
 * nothing. Catalogues come from the built-in and WebAssembly libraries and, unless turned off, from
 * the external libraries the spec calls (their processes are started for `library.doc`, time-boxed).
 */
import { closestName, didYouMean } from '../diagnostics/suggest.js';
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { isDependencyProvider, type FunctionDoc, type LibraryDoc } from '../libraries/types.js';
import type { Expression, Identifier, Requirement } from '../syntax/ast.js';
import { spanOfIds } from './bind.js';
import type { Bindings } from './bindings.js';
import { allPatternNodes, describeNode, patternSlots } from './build.js';
import { Codes } from './codes.js';
import type { LibraryLookup } from './libraries.js';
import {
  absoluteSpec,
  forEachName,
  instanceFor,
  instanceLabel,
  instanceOf,
  isLibraryCallee,
  sourceOf,
  type Instance,
  type Unresolved,
} from './resolve.js';
import { checkArguments } from './signatures.js';
import { expressionType, type TypeContext } from './static-types.js';
import type { FileUnit, Member, Node, SpecModel } from './types.js';

type CallMode = 'selector' | 'check';

/** How `check` gets the catalogues of external libraries (plugins). */
export interface CatalogueOptions {
  /**
   * Ask the external libraries the spec calls for their documentation (`library.doc`), which starts
   * their processes; default true. False: calls of external libraries are not checked.
   */
  plugins?: boolean;
  /** How long a plugin may take to answer (default 2000 ms); one that does not is not checked. */
  pluginTimeoutMs?: number;
  /** Verbose notes (a plugin that did not answer usably). */
  trace?: (line: string) => void;
}

/** The documentation calls are checked against, by registered library name. */
export interface Catalogues {
  docs: ReadonlyMap<string, LibraryDoc>;
  /** Libraries whose documentation comes from a plugin (functions it does not list are only warned about). */
  plugins: ReadonlySet<string>;
}

export const PLUGIN_DOC_TIMEOUT_MS = 2000;

/**
 * The catalogues of the built-in and WebAssembly libraries, and of the external libraries the spec
 * calls (`called`: library name → functions), each plugin asked once and for at most
 * `pluginTimeoutMs`.
 */
export async function loadCatalogues(
  registry: LibraryLookup,
  called: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  opts: CatalogueOptions = {},
): Promise<Catalogues> {
  const docs = new Map<string, LibraryDoc>();
  const plugins = new Set<string>();
  const timeout = opts.pluginTimeoutMs ?? PLUGIN_DOC_TIMEOUT_MS;
  await Promise.all(
    registry.names().map(async (name) => {
      const lib = registry.get(name);
      if (!lib) return;
      try {
        if (lib.kind === 'builtin' || lib.kind === 'wasm') {
          docs.set(name, await lib.documentation());
          return;
        }
        if (opts.plugins === false || !called.has(name) || !lib.documentationWithin) return;
        const answer = await lib.documentationWithin(timeout);
        if (answer.doc) {
          docs.set(name, answer.doc);
          plugins.add(name);
        } else {
          opts.trace?.(`library ${name}: calls not checked before the run (${answer.why})`);
        }
      } catch (e) {
        // A library whose catalogue cannot be read is not checked function by function.
        opts.trace?.(
          `library ${name}: calls not checked before the run (${e instanceof Error ? e.message : String(e)})`,
        );
      }
    }),
  );
  return { docs, plugins };
}

/** Reports every problem of a bound model (appended to `out`, in document order per rule). */
export function checkModel(model: SpecModel, registry: LibraryLookup, catalogues: Catalogues, out: Diagnostic[]): void {
  new Checker(model, model.bindings, registry, catalogues, out).run();
}

class Checker {
  private readonly warnedNotImported = new Set<string>();

  constructor(
    private readonly model: SpecModel,
    private readonly bindings: Bindings,
    private readonly registry: LibraryLookup,
    private readonly catalogues: Catalogues,
    private readonly out: Diagnostic[],
  ) {}

  private get docs(): ReadonlyMap<string, LibraryDoc> {
    return this.catalogues.docs;
  }

  run(): void {
    const patternNodes = this.model.patterns.flatMap(allPatternNodes);
    this.checkImplements();
    this.checkContextRules(patternNodes);
    this.checkBindings();
    this.checkMissingBindings();
    this.checkExpressions(patternNodes);
    this.checkUses();
    this.checkRequirements();
    this.checkLanguages();
    this.checkScopeLanguages(patternNodes);
    this.checkCycles();
  }

  private error(
    code: string,
    message: string,
    file: string,
    span: Span | undefined,
    extra: { help?: string; related?: Diagnostic['related'] } = {},
  ): void {
    this.out.push(makeDiagnostic('error', code, message, file, span, extra));
  }

  private unresolved(u: Unresolved, file: string): void {
    const extra: { help?: string; related?: Diagnostic['related'] } = {};
    if (u.help) extra.help = u.help;
    if (u.related) extra.related = u.related;
    this.error(u.code, u.message, file, u.span, extra);
  }

  private problem(d: Diagnostic | undefined): void {
    if (d) this.out.push(d);
  }

  private checkImplements(): void {
    for (const e of this.model.elements) {
      if (e.decl.kind !== 'Element') continue;
      for (const id of e.decl.implements) {
        const b = this.bindings.pattern(id);
        if (b && !b.ok) this.problem(b.problem);
      }
    }
  }

  /** E012 / E014 / E015. */
  private checkContextRules(patternNodes: Node[]): void {
    for (const n of [...this.model.elements, ...patternNodes]) {
      if (n.decl.kind !== 'Element') continue;
      for (const r of n.decl.requirements) {
        this.error(
          Codes.REQUIREMENT_OUTSIDE_PATTERN,
          `\`${r.action}\` is only allowed directly in a pattern, not in ${describeNode(n)}`,
          n.file,
          r.span,
          {
            help: 'declare a pattern with this requirement and let the element implement it',
          },
        );
      }
      if (n.kind !== 'element') continue;
      for (const m of n.scopes) {
        if (m.decl.expression) continue;
        this.error(
          Codes.UNBOUNDED_SCOPE,
          `unbounded scope \`${m.name}\` is only allowed in patterns, not in regular elements`,
          n.file,
          m.decl.span,
          {
            help: `provide an expression: \`scope ${m.name} = <expression>\``,
          },
        );
      }
      for (const m of n.refs) {
        if (m.decl.expression) continue;
        const type = m.decl.kind === 'Ref' ? m.decl.type.name : 'Type';
        this.error(
          Codes.UNBOUNDED_REF,
          `unbounded ref \`${m.name}\` is only allowed in patterns, not in regular elements`,
          n.file,
          m.decl.span,
          {
            help: `provide an expression: \`ref ${m.name}: ${type} = <expression>\``,
          },
        );
      }
    }
  }

  // ---------------------------------------------------------------- bindings

  private checkBindings(): void {
    for (const y of this.model.elements) {
      for (const m of y.scopes) if (m.decl.binds) this.checkBindsPath(m.decl.binds);
      for (const m of y.refs) if (m.decl.binds) this.checkBindsPath(m.decl.binds);
      for (const b of y.bindings) this.checkBindsPath(b.path);
    }
  }

  private checkBindsPath(path: readonly Identifier[]): void {
    const b = this.bindings.binds(path);
    if (b && !b.ok) this.problem(b.problem);
    this.problem(this.bindings.duplicateBinding(path));
  }

  private checkMissingBindings(): void {
    for (const x of this.model.elements) {
      if (x.decl.kind !== 'Element') continue;
      for (const p of x.implements) {
        const missing = patternSlots(p).filter((s) => !s.member.decl.expression && !x.bound.has(s.key));
        if (missing.length === 0) continue;
        const id = x.decl.implements.find((i) => i.name === p.name);
        const list = missing.map((s) => `${s.member.kind} \`${s.key}\``).join(', ');
        const first = missing[0] as { key: string; member: Member };
        const example =
          first.member.kind === 'scope'
            ? `scope ${first.member.name} binds ${first.key} = <expression>`
            : `ref ${first.member.name}: ` +
              `${first.member.decl.kind === 'Ref' ? first.member.decl.type.name : 'Type'} binds ${first.key} = ` +
              '<expression>';
        this.error(
          Codes.MISSING_BINDING,
          `element \`${x.path}\` implements \`${p.name}\` but does not bind ${list}`,
          x.file,
          id?.span ?? x.nameSpan,
          {
            help: `bind each placeholder in the element (or a child), e.g. \`${example}\``,
            related: missing.map((s) => ({
              file: p.file,
              span: s.member.decl.name.span,
              message: `placeholder \`${s.key}\``,
            })),
          },
        );
      }
    }
  }

  // ---------------------------------------------------------------- expressions

  private checkExpressions(patternNodes: Node[]): void {
    for (const n of this.model.elements) this.checkNodeExpressions(n);
    for (const n of patternNodes) this.checkNodeExpressions(n);
    for (const p of this.model.patterns) {
      for (const r of p.requirements) this.checkRequirementExpr(r, p);
    }
  }

  /** The expressions written in node `n`: its scopes', refs', checks' and V1 bindings'. */
  private checkNodeExpressions(n: Node): void {
    for (const m of n.scopes) if (m.decl.expression) this.checkExpr(m.decl.expression, n, 'selector', true);
    for (const m of n.refs) if (m.decl.expression) this.checkExpr(m.decl.expression, n, 'selector', true);
    for (const c of n.checks) this.checkExpr(c.expression, n, 'check', true);
    for (const b of n.bindings) this.checkExpr(b.expression, n, 'selector', true);
  }

  private checkRequirementExpr(r: Requirement, p: Node): void {
    const c = r.component;
    // Names in requirements resolve in the implementing element (or descendant) at run time; here
    // only the library calls are checked, plus names of non-descendant checks in the pattern.
    if (c.kind === 'scope' && c.scope.expression) this.checkExpr(c.scope.expression, p, 'selector', false);
    if (c.kind === 'ref' && c.expression) this.checkExpr(c.expression, p, 'selector', false);
    if (c.kind === 'check') this.checkExpr(c.check.expression, p, 'check', false);
    if (c.kind === 'element' && c.body) {
      for (const s of [...c.body.scopes, ...c.body.refs])
        if (s.expression) this.checkExpr(s.expression, p, 'selector', false);
      for (const k of c.body.checks) this.checkExpr(k.expression, p, 'check', false);
    }
  }

  /** Checks names (when `names`) and library calls of one expression written in node `n`. */
  private checkExpr(expr: Expression, n: Node, mode: CallMode, names: boolean): void {
    if (mode === 'check') {
      if (expr.kind !== 'Call') {
        this.error(Codes.CHECK_NOT_A_CALL, '`check` must be followed by a library call', n.file, expr.span, {
          help: 'write `check library.function(arguments)`, e.g. `check files.exists(src, "README.md")`',
        });
        this.checkExpr(expr, n, 'selector', names);
        return;
      }
    }
    this.walkCalls(expr, n, mode, names ? n : undefined);
    if (!names) return;
    forEachName(expr, (segs, e) => {
      const r = this.bindings.name(e, n);
      if (!r) return;
      if (!r.ok) return this.unresolved(r, n.file);
      const t = r.target;
      if (t.kind !== 'member') {
        const what = t.kind === 'node' ? describeNode(t.node) : `imported spec \`${absoluteSpec(t.unit.file)}\``;
        this.error(
          Codes.NOT_A_VALUE,
          `\`${segs.map((s) => s.name).join('.')}\` is ${what}, not a value`,
          n.file,
          e.span,
          {
            help: 'refer to one of its scopes or refs, e.g. `name.src`',
          },
        );
        return;
      }
      if (n.kind === 'element') {
        const inst = instanceFor(t.member, { node: n }, e.span);
        if (!inst.ok) this.unresolved(inst, n.file);
      }
    });
  }

  private walkCallsIn(expr: Expression, unit: FileUnit): void {
    if (expr.kind === 'Call' && isLibraryCallee(expr.callee)) this.checkCall(expr, unit, unit.file, 'selector');
    if (expr.kind === 'Call') for (const a of expr.args) this.walkCallsIn(a, unit);
    if (expr.kind === 'List') for (const a of expr.items) this.walkCallsIn(a, unit);
  }

  /** `site`: where the names of the call's arguments resolve (undefined: only per implementing element). */
  private walkCalls(expr: Expression, n: Node, mode: CallMode, site: Node | undefined): void {
    switch (expr.kind) {
      case 'Call': {
        if (!isLibraryCallee(expr.callee)) {
          this.error(
            Codes.BAD_CALLEE,
            'only library functions can be called: expected `library.function(...)`',
            n.file,
            expr.callee.span,
            {
              help: 'operators and methods on values do not exist in the language; use a library check instead',
            },
          );
        } else {
          this.checkCall(expr, n.unit, n.file, mode, site);
        }
        for (const a of expr.args) this.walkCalls(a, n, 'selector', site);
        return;
      }
      case 'List':
        for (const a of expr.items) this.walkCalls(a, n, 'selector', site);
        return;
      case 'Member':
        this.walkCalls(expr.object, n, 'selector', site);
        return;
      default:
        return;
    }
  }

  private checkCall(
    expr: Expression & { kind: 'Call' },
    unit: FileUnit,
    file: string,
    mode: CallMode,
    site: Node | undefined = undefined,
  ): void {
    const found = this.bindings.call(expr, unit);
    if (!found) return;
    const { local, fn } = found;
    const span = expr.callee.span;
    if (!found.ok) {
      const names = this.registry.names();
      this.error(Codes.UNKNOWN_LIBRARY, `unknown library \`${found.library}\``, file, span, {
        help:
          `${didYouMean(found.library, names)}registered libraries: ${names.join(', ') || 'none'}; external ` +
          'and WebAssembly libraries are declared in hielements.toml',
      });
      return;
    }
    if (!found.imported) {
      const key = `${file}\u0000${local}`;
      if (!this.warnedNotImported.has(key)) {
        this.warnedNotImported.add(key);
        this.out.push(
          makeDiagnostic(
            'warning',
            Codes.LIBRARY_NOT_IMPORTED,
            `library \`${local}\` is used but not imported in this file`,
            file,
            span,
            {
              help: `add \`import ${local}\` at the top of the file`,
            },
          ),
        );
      }
    }
    const doc = this.docs.get(found.library);
    if (!doc) return;
    const wanted = (mode === 'selector' ? doc.functions : doc.checks).find((f) => f.name === fn);
    if (wanted) {
      this.checkSignature(found.library, `${local}.${fn}`, wanted, expr, unit, file, site);
      return;
    }
    const isSelector = doc.functions.some((f) => f.name === fn);
    const isCheck = doc.checks.some((f) => f.name === fn);
    if (this.catalogues.plugins.has(found.library)) {
      // A plugin may answer functions it does not document (the original never checked): a warning.
      const names = (mode === 'selector' ? doc.functions : doc.checks).map((f) => f.name);
      const other =
        mode === 'selector'
          ? isCheck
            ? ' (it documents a check of that name)'
            : ''
          : isSelector
            ? ' (it documents a selector of that name)'
            : '';
      this.out.push(
        makeDiagnostic(
          'warning',
          Codes.UNDOCUMENTED_FUNCTION,
          `the documentation of library \`${local}\` lists no ${mode} \`${fn}\`${other}`,
          file,
          span,
          {
            help: `${didYouMean(fn, names)}its ${mode === 'selector' ? 'selectors' : 'checks'} are: ${list(mode === 'selector' ? doc.functions : doc.checks)}`,
          },
        ),
      );
      return;
    }
    if (mode === 'selector' && !isSelector) {
      if (isCheck) {
        this.error(
          Codes.CHECK_USED_AS_SELECTOR,
          `\`${local}.${fn}\` is a check, but it is used where a value is needed`,
          file,
          span,
          {
            help:
              `checks run in \`check ${local}.${fn}(...)\` statements; scopes, refs and arguments use ` +
              `selectors (${list(doc.functions)})`,
          },
        );
      } else {
        this.error(Codes.UNKNOWN_SELECTOR, `library \`${local}\` has no selector \`${fn}\``, file, span, {
          help: `${didYouMean(
            fn,
            doc.functions.map((f) => f.name),
          )}its selectors are: ${list(doc.functions)}`,
        });
      }
    } else if (mode === 'check' && !isCheck) {
      if (isSelector) {
        this.error(Codes.SELECTOR_USED_AS_CHECK, `\`${local}.${fn}\` is a selector, not a check`, file, span, {
          help:
            `use it in a scope (\`scope s = ${local}.${fn}(...)\`) and pass the scope to a check ` +
            `(${list(doc.checks)})`,
        });
      } else {
        this.error(Codes.UNKNOWN_CHECK, `library \`${local}\` has no check \`${fn}\``, file, span, {
          help: `${didYouMean(
            fn,
            doc.checks.map((f) => f.name),
          )}its checks are: ${list(doc.checks)}`,
        });
      }
    }
  }

  /** E842–E845 (W843 for plugins): the call's arguments against the function's documented parameters. */
  private checkSignature(
    library: string,
    qualified: string,
    fn: FunctionDoc,
    expr: Expression & { kind: 'Call' },
    unit: FileUnit,
    file: string,
    site: Node | undefined,
  ): void {
    const cx: TypeContext = { bindings: this.bindings, docs: this.docs, unit, site };
    const args = expr.args.map((a) => ({ type: expressionType(a, cx), span: a.span }));
    const plugin = this.catalogues.plugins.has(library);
    for (const p of checkArguments(qualified, fn, args, expr.span)) {
      if (!plugin) this.error(p.code, p.message, file, p.span, { help: p.help });
      // a plugin's documentation was never enforced by the original: a warning
      else this.out.push(makeDiagnostic('warning', Codes.PLUGIN_SIGNATURE, p.message, file, p.span, { help: p.help }));
    }
  }

  // ---------------------------------------------------------------- uses, requirements, languages

  private checkUses(): void {
    for (const e of this.model.elements) {
      for (const u of e.uses) {
        const src = e.members.get(u.source.name);
        if (!src || 'nameSpan' in src) {
          this.error(
            Codes.USES_SOURCE_NOT_MEMBER,
            `\`${u.source.name}\` is not a scope or ref of element \`${e.path}\``,
            e.file,
            u.source.span,
            {
              help: `${didYouMean(
                u.source.name,
                [...e.scopes, ...e.refs].map((m) => m.name),
              )}the left side of \`uses\` names one of the element's own scopes, e.g. \`module uses core.lexer\``,
            },
          );
        }
        const r = this.bindings.uses(u);
        if (!r) continue;
        if (!r.ok) {
          this.error(
            Codes.USES_TARGET_UNKNOWN,
            `\`uses\` target \`${u.target.map((i) => i.name).join('.')}\` names no element or scope: ${r.message}`,
            e.file,
            r.span,
            {
              ...(r.help ? { help: r.help } : {}),
            },
          );
        } else if (r.target.kind === 'unit' || (r.target.kind === 'node' && r.target.node.kind !== 'element')) {
          this.error(
            Codes.USES_TARGET_UNKNOWN,
            `\`uses\` target \`${u.target.map((i) => i.name).join('.')}\` must be an element or one of its scopes`,
            e.file,
            spanOfIds(u.target),
          );
        }
      }
    }
  }

  private checkRequirements(): void {
    for (const p of this.model.patterns) {
      const implementers = this.model.elements.filter((e) => e.implements.includes(p));
      for (const r of p.requirements) {
        const c = r.component;
        if (c.kind === 'element') {
          if (c.implements) {
            const b = this.bindings.pattern(c.implements);
            if (b && !b.ok) this.problem(b.problem);
          }
        }
        if (c.kind !== 'connection') continue;
        for (const x of implementers) {
          const t = this.bindings.connectionTarget(r, x);
          if (t && !t.ok) {
            this.error(
              Codes.CONNECTION_TARGET_UNKNOWN,
              `\`${r.action} connection to ${c.path.map((i) => i.name).join('.')}${c.wildcard ? '.*' : ''}\` names ` +
                `no element (for \`${x.path}\`, which implements \`${p.name}\`): ${t.message}`,
              p.file,
              spanOfIds(c.path),
              {
                help:
                  (t.suggestion ? `did you mean \`${t.suggestion}\`? ` : '') +
                  'connection targets are element paths, resolved from the implementing element outward ' +
                  '(docs/design-rulings.md)',
                related: [{ file: x.file, span: x.nameSpan, message: `element \`${x.path}\`` }],
              },
            );
          }
        }
      }
    }
  }

  private checkLanguages(): void {
    for (const unit of this.model.units) {
      for (const lang of unit.program.languages) {
        for (const cc of lang.connectionChecks) {
          const seen = new Map<string, Identifier>();
          for (const prm of cc.params) {
            const prev = seen.get(prm.name);
            if (prev) {
              this.error(
                Codes.CONNECTION_CHECK_PARAMS,
                `parameter \`${prm.name}\` of connection check \`${cc.name.name}\` is declared twice`,
                unit.file,
                prm.span,
                {
                  related: [{ file: unit.file, span: prev.span, message: 'first declaration' }],
                },
              );
            } else seen.set(prm.name, prm);
          }
          if (cc.params.length > 2) {
            this.error(
              Codes.CONNECTION_CHECK_PARAMS,
              `connection check \`${cc.name.name}\` takes ${cc.params.length} parameters; it can take one (all ` +
                "scopes) or two (the element's scopes, its children's scopes)",
              unit.file,
              cc.name.span,
            );
          }
          const body = cc.body;
          if (body.kind !== 'Call') {
            this.error(
              Codes.CONNECTION_CHECK_PARAMS,
              `the body of connection check \`${cc.name.name}\` must be a library check call`,
              unit.file,
              body.span,
              {
                help: `e.g. \`${lang.name.name}.imports_allowed(${cc.params.map((p) => p.name).join(', ')})\``,
              },
            );
            continue;
          }
          if (isLibraryCallee(body.callee)) {
            this.checkCall(body, unit, unit.file, 'check');
          } else {
            this.error(
              Codes.BAD_CALLEE,
              'only library functions can be called: expected `library.function(...)`',
              unit.file,
              body.callee.span,
            );
          }
          body.args.forEach((a) => this.walkCallsIn(a, unit));
          forEachName(body, (segs, e) => {
            const first = segs[0];
            if (first && segs.length === 1 && seen.has(first.name)) return;
            this.error(
              Codes.CONNECTION_CHECK_PARAMS,
              `\`${segs.map((s) => s.name).join('.')}\` is not a parameter of connection check \`${cc.name.name}\``,
              unit.file,
              e.span,
              {
                help:
                  `its parameters are: ${cc.params.map((p) => p.name).join(', ') || 'none'} (each of ` +
                  'type scope[])',
              },
            );
          });
        }
      }
    }
  }

  /**
   * E846 / W841: the language of `scope x<lang>` is known — a language library's (`python`, `rust`,
   * `typescript`, `javascript`), a configured library's name, declared with `language name`, or named
   * in a `requires`/`allows`/`forbids language` requirement.
   */
  private checkScopeLanguages(patternNodes: Node[]): void {
    const known = new Set<string>();
    for (const name of this.registry.names()) {
      const lib = this.registry.get(name);
      if (!lib) continue;
      if (isDependencyProvider(lib)) known.add(lib.language);
      if (lib.kind !== 'builtin') known.add(name);
    }
    for (const unit of this.model.units) for (const l of unit.program.languages) known.add(l.name.name);
    for (const p of this.model.patterns) {
      for (const r of p.requirements) if (r.component.kind === 'language') known.add(r.component.name.name);
    }
    const candidates = [...known].sort();
    const annotated: { id: Identifier; file: string }[] = [];
    for (const n of [...this.model.elements, ...patternNodes]) {
      for (const m of n.scopes)
        if (m.decl.kind === 'Scope' && m.decl.language) annotated.push({ id: m.decl.language, file: n.file });
    }
    for (const p of this.model.patterns) {
      for (const r of p.requirements) {
        const c = r.component;
        if (c.kind === 'scope' && c.scope.language) annotated.push({ id: c.scope.language, file: p.file });
      }
    }
    for (const { id, file } of annotated) {
      if (known.has(id.name)) continue;
      const near = closestName(id.name, candidates);
      const list = candidates.join(', ') || 'none';
      if (near) {
        this.error(Codes.MISSPELT_LANGUAGE, `unknown language \`${id.name}\``, file, id.span, {
          help: `did you mean \`${near}\`? known languages: ${list}`,
        });
      } else {
        this.out.push(
          makeDiagnostic('warning', Codes.UNKNOWN_LANGUAGE, `\`${id.name}\` is not a known language`, file, id.span, {
            help: `known languages: ${list}; declare \`language ${id.name}\` to name a language of your own`,
          }),
        );
      }
    }
  }

  // ---------------------------------------------------------------- reference cycles

  private checkCycles(): void {
    const instances: Instance[] = [];
    for (const e of this.model.elements) {
      for (const m of e.scopes) instances.push(instanceOf(m));
      for (const m of e.refs) instances.push(instanceOf(m));
      for (const p of e.implements) {
        for (const s of patternSlots(p)) instances.push(instanceOf(s.member, e));
      }
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const reported = new Set<string>();
    const stack: Instance[] = [];
    const visit = (inst: Instance): void => {
      const st = state.get(inst.key);
      if (st === 'done') return;
      if (st === 'visiting') {
        const at = stack.findIndex((s) => s.key === inst.key);
        const cycle = stack.slice(at);
        const id = cycle
          .map((c) => c.key)
          .sort()
          .join(',');
        if (reported.has(id)) return;
        reported.add(id);
        const head = cycle[0] as Instance;
        const names = [...cycle, head].map(instanceLabel).join(' → ');
        this.error(
          Codes.REFERENCE_CYCLE,
          `reference cycle: ${names}`,
          head.member.owner.file,
          head.member.decl.name.span,
          {
            help: 'a scope or ref cannot depend on itself, directly or through other scopes and refs',
            related: cycle
              .slice(1)
              .map((c) => ({ file: c.member.owner.file, span: c.member.decl.name.span, message: instanceLabel(c) })),
          },
        );
        return;
      }
      state.set(inst.key, 'visiting');
      stack.push(inst);
      for (const dep of staticDependencies(inst, this.bindings)) visit(dep);
      stack.pop();
      state.set(inst.key, 'done');
    };
    instances.forEach(visit);
  }
}

/** Instances an instance's value depends on, resolved statically (unresolvable names are skipped). */
export function staticDependencies(inst: Instance, bindings: Bindings): Instance[] {
  const src = sourceOf(inst);
  if (src.kind === 'alias') return [src.instance];
  if (src.kind === 'missing') return [];
  const out: Instance[] = [];
  const { site } = src;
  forEachName(site.expression, (_segs, e) => {
    const r = bindings.name(e, site.node);
    if (!r?.ok || r.target.kind !== 'member') return;
    const i = instanceFor(r.target.member, site, e.span);
    if (i.ok) out.push(i.instance);
  });
  return out;
}

function list(fns: { name: string }[]): string {
  return fns.map((f) => f.name).join(', ') || 'none';
}
