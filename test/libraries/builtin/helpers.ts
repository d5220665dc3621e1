import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBuiltinLibraries, type BuiltinOptions } from '../../../src/libraries/builtin/index.js';
import {
  isDependencyProvider,
  str,
  int,
  scopeValue,
  type CallContext,
  type CheckResult,
  type DependencyProvider,
  type Library,
  type Scope,
  type Value,
} from '../../../src/libraries/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'builtin');

export interface Libs {
  ctx: CallContext;
  root: string;
  lib(name: string): Library;
  provider(name: string): DependencyProvider;
  select(lib: string, fn: string, ...args: (string | number | Scope)[]): Promise<Scope>;
  check(lib: string, fn: string, ...args: (string | number | Scope)[]): Promise<CheckResult>;
  rel(paths: readonly string[]): string[];
  dispose(): Promise<void>;
}

export const toValue = (a: string | number | Scope | Value): Value =>
  typeof a === 'string' ? str(a) : typeof a === 'number' ? int(a) : 'type' in a ? a : scopeValue(a);

export function open(workspace: string, extra: Partial<BuiltinOptions> = {}): Libs {
  const libs = createBuiltinLibraries({ workspace, ...extra });
  const ctx: CallContext = { workspace };
  const lib = (name: string) => {
    const l = libs.find((x) => x.name === name);
    if (!l) throw new Error(`no library ${name}`);
    return l;
  };
  return {
    ctx,
    root: workspace,
    lib,
    provider(name) {
      const l = lib(name);
      if (!isDependencyProvider(l)) throw new Error(`${name} is not a dependency provider`);
      return l;
    },
    async select(l, fn, ...args) {
      const v = await lib(l).call(fn, args.map(toValue), ctx);
      if (v.type !== 'scope') throw new Error('selector did not return a scope');
      return v.scope;
    },
    check: (l, fn, ...args) => lib(l).check(fn, args.map(toValue), ctx),
    rel: (paths) =>
      paths.map((p) =>
        p
          .slice(workspace.length + 1)
          .split('\\')
          .join('/'),
      ),
    dispose: () => Promise.all(libs.map((l) => l.dispose())).then(() => undefined),
  };
}
