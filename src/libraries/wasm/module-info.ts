/**
 * Static inspection of a module's bytes, before it is compiled or instantiated: what Node 20
 * cannot reflect (function signatures of imports and exports, memory and table limits), and how
 * many of each thing the module declares, so the loader can refuse a module whose structure
 * would make the host allocate without bound (see MODULE_LIMITS in ../limits.ts).
 *
 * A small reader of the binary format. Sections are read as far as the counts and types need;
 * everything else (function bodies, data bytes, custom sections) is skipped by its size. The
 * compiler validates the module fully afterwards; this reader only has to be right about what it
 * counts, and refuses what it cannot read.
 */

export interface MemoryLimits {
  /** Declared minimum, in 64 KiB pages. */
  minimum: number;
  maximum?: number;
  shared: boolean;
  memory64: boolean;
}

export interface TableLimits {
  minimum: number;
  maximum?: number;
}

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface ImportInfo {
  module: string;
  name: string;
  kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  /** For memory imports. */
  limits?: MemoryLimits;
  /** For function imports: the declared signature (undefined when its type index is out of range). */
  signature?: FuncType;
}

export interface ExportInfo {
  name: string;
  kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  /** For function exports: the signature of the exported function, when it can be resolved. */
  signature?: FuncType;
}

/** How many of each thing the module declares (imports included where they count). */
export interface ModuleCounts {
  moduleBytes: number;
  types: number;
  /** Imported and defined functions. */
  functions: number;
  /** Local variables declared by all function bodies together. */
  locals: number;
  imports: number;
  exports: number;
  /** Tables the module defines (table imports are refused by the loader). */
  tables: number;
  /** Sum of the declared maxima of the defined tables (a table without maximum counts as Infinity). */
  tableEntries: number;
  globals: number;
  dataSegments: number;
  elementSegments: number;
  elementEntries: number;
  tags: number;
}

export interface ModuleInfo {
  imports: ImportInfo[];
  exports: ExportInfo[];
  /** Number of memories the module defines itself (memory section). */
  definedMemories: number;
  /** Limits of the tables the module defines, in order. */
  tables: TableLimits[];
  counts: ModuleCounts;
}

export class ModuleFormatError extends Error {}

const VALTYPES: Readonly<Record<number, ValType>> = {
  127: 'i32',
  126: 'i64',
  125: 'f32',
  124: 'f64',
  123: 'v128',
  112: 'funcref',
  111: 'externref',
};

const EXTERNAL_KINDS = ['function', 'table', 'memory', 'global', 'tag'] as const;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }
  byte(): number {
    if (this.pos >= this.bytes.length) throw new ModuleFormatError(`unexpected end of module at byte ${this.pos}`);
    return this.bytes[this.pos++]!;
  }
  /** Unsigned LEB128 of at most `maxBytes` bytes, as a double (exact up to 2^53). */
  private leb(maxBytes: number): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < maxBytes; i++) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ModuleFormatError(`malformed LEB128 at byte ${this.pos}`);
  }
  u32(): number {
    return this.leb(5);
  }
  /** memory64 limits are u64; we only need them for messages, so read as a double. */
  u64(): number {
    return this.leb(10);
  }
  /** Skip a signed LEB128 (constant expressions). */
  skipLeb(maxBytes: number): void {
    this.leb(maxBytes);
  }
  name(): string {
    const len = this.u32();
    if (this.pos + len > this.bytes.length) throw new ModuleFormatError('name runs past the end of the module');
    let s: string;
    try {
      s = strictUtf8.decode(this.bytes.subarray(this.pos, this.pos + len));
    } catch {
      throw new ModuleFormatError(`a name at byte ${this.pos} is not valid UTF-8`);
    }
    this.pos += len;
    return s;
  }
  skip(n: number): void {
    if (this.pos + n > this.bytes.length) throw new ModuleFormatError('section runs past the end of the module');
    this.pos += n;
  }
  valtype(): ValType {
    const b = this.byte();
    const t = VALTYPES[b];
    if (t === undefined)
      throw new ModuleFormatError(`unsupported value type 0x${b.toString(16)} at byte ${this.pos - 1}`);
    return t;
  }
  reftype(): void {
    const t = this.valtype();
    if (t !== 'funcref' && t !== 'externref')
      throw new ModuleFormatError(`expected a reference type at byte ${this.pos - 1}`);
  }
  limits(): MemoryLimits {
    const flags = this.byte();
    if (flags > 0x07)
      throw new ModuleFormatError(`unsupported limits flags 0x${flags.toString(16)} at byte ${this.pos - 1}`);
    const memory64 = (flags & 0x04) !== 0;
    const read = () => (memory64 ? this.u64() : this.u32());
    const minimum = read();
    const out: MemoryLimits = { minimum, shared: (flags & 0x02) !== 0, memory64 };
    if (flags & 0x01) out.maximum = read();
    return out;
  }
  tableLimits(): TableLimits {
    this.reftype();
    const l = this.limits();
    if (l.shared || l.memory64) throw new ModuleFormatError('unsupported table limits (shared or 64-bit)');
    return l.maximum === undefined ? { minimum: l.minimum } : { minimum: l.minimum, maximum: l.maximum };
  }
  /** A vector of items; the count is checked against the bytes left so a huge count fails fast. */
  count(minItemBytes: number): number {
    const n = this.u32();
    if (n * minItemBytes > this.bytes.length - this.pos)
      throw new ModuleFormatError(`a vector of ${n} items runs past the end of the module`);
    return n;
  }
  /** Skip a constant expression (offsets, global initialisers, element items) up to its `end`. */
  constExpr(): void {
    for (;;) {
      const op = this.byte();
      switch (op) {
        case 0x0b:
          return;
        case 0x41:
          this.skipLeb(5);
          break;
        case 0x42:
          this.skipLeb(10);
          break;
        case 0x43:
          this.skip(4);
          break;
        case 0x44:
          this.skip(8);
          break;
        case 0x23:
        case 0xd2:
          this.u32();
          break;
        case 0xd0:
          this.byte();
          break;
        case 0x6a: // i32.add, sub, mul; i64.add, sub, mul (extended constant expressions)
        case 0x6b:
        case 0x6c:
        case 0x7c:
        case 0x7d:
        case 0x7e:
          break;
        case 0xfd:
          if (this.u32() !== 12)
            throw new ModuleFormatError(`unsupported instruction in a constant expression at byte ${this.pos}`);
          this.skip(16);
          break;
        default:
          throw new ModuleFormatError(
            `unsupported instruction 0x${op.toString(16)} in a constant expression at byte ${this.pos - 1}`,
          );
      }
    }
  }
}

function functionType(r: Reader): FuncType {
  const form = r.byte();
  if (form !== 0x60) throw new ModuleFormatError(`unsupported type form 0x${form.toString(16)} at byte ${r.pos - 1}`);
  const params: ValType[] = [];
  for (let n = r.count(1), i = 0; i < n; i++) params.push(r.valtype());
  const results: ValType[] = [];
  for (let n = r.count(1), i = 0; i < n; i++) results.push(r.valtype());
  return { params, results };
}

/** Entries of one element segment (all eight encodings of the format). */
function elementSegment(r: Reader): number {
  const flags = r.u32();
  if (flags > 7) throw new ModuleFormatError(`unsupported element segment flags ${flags}`);
  const passiveOrDeclarative = (flags & 0x01) !== 0;
  const explicitTable = (flags & 0x02) !== 0;
  const expressions = (flags & 0x04) !== 0;
  if (!passiveOrDeclarative || explicitTable) {
    if (explicitTable && !passiveOrDeclarative) r.u32(); // table index
    if (!passiveOrDeclarative) r.constExpr(); // offset
  }
  if (passiveOrDeclarative || explicitTable) {
    if (expressions) r.reftype();
    else if (r.byte() !== 0x00) throw new ModuleFormatError('unsupported element kind');
  }
  const n = r.count(1);
  for (let i = 0; i < n; i++) {
    if (expressions) r.constExpr();
    else r.u32();
  }
  return n;
}

/** Read the module's sections. Throws ModuleFormatError on malformed or unsupported bytes. */
export function inspectModule(bytes: Uint8Array): ModuleInfo {
  const r = new Reader(bytes);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new ModuleFormatError('not a WebAssembly module (missing \\0asm magic)');
  r.skip(8);
  const types: FuncType[] = [];
  /** Type index of every function, imported ones first. */
  const funcTypes: number[] = [];
  const counts: ModuleCounts = {
    moduleBytes: bytes.length,
    types: 0,
    functions: 0,
    locals: 0,
    imports: 0,
    exports: 0,
    tables: 0,
    tableEntries: 0,
    globals: 0,
    dataSegments: 0,
    elementSegments: 0,
    elementEntries: 0,
    tags: 0,
  };
  const info: ModuleInfo = { imports: [], exports: [], definedMemories: 0, tables: [], counts };
  const exportIndex: { name: string; kind: ExportInfo['kind']; index: number }[] = [];
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new ModuleFormatError(`section ${id} runs past the end of the module`);
    switch (id) {
      case 1: {
        const n = r.count(3);
        counts.types += n;
        for (let i = 0; i < n; i++) types.push(functionType(r));
        break;
      }
      case 2: {
        const n = r.count(4);
        counts.imports += n;
        for (let i = 0; i < n; i++) {
          const module = r.name();
          const name = r.name();
          const kind = r.byte();
          switch (kind) {
            case 0: {
              const t = r.u32();
              funcTypes.push(t);
              counts.functions++;
              const imp: ImportInfo = { module, name, kind: 'function' };
              const sig = types[t];
              if (sig) imp.signature = sig;
              info.imports.push(imp);
              break;
            }
            case 1:
              r.tableLimits();
              info.imports.push({ module, name, kind: 'table' });
              break;
            case 2:
              info.imports.push({ module, name, kind: 'memory', limits: r.limits() });
              break;
            case 3:
              r.valtype();
              r.byte();
              counts.globals++;
              info.imports.push({ module, name, kind: 'global' });
              break;
            case 4:
              r.byte();
              r.u32();
              counts.tags++;
              info.imports.push({ module, name, kind: 'tag' });
              break;
            default:
              throw new ModuleFormatError(`unknown import kind ${kind} for ${module}.${name}`);
          }
        }
        break;
      }
      case 3: {
        const n = r.count(1);
        counts.functions += n;
        for (let i = 0; i < n; i++) funcTypes.push(r.u32());
        break;
      }
      case 4: {
        const n = r.count(3);
        counts.tables += n;
        for (let i = 0; i < n; i++) {
          const t = r.tableLimits();
          info.tables.push(t);
          counts.tableEntries += t.maximum ?? Infinity;
        }
        break;
      }
      case 5:
        info.definedMemories = r.u32();
        break;
      case 6:
        counts.globals += r.count(3);
        break;
      case 7: {
        const n = r.count(3);
        counts.exports += n;
        for (let i = 0; i < n; i++) {
          const name = r.name();
          const k = r.byte();
          const kind = EXTERNAL_KINDS[k];
          if (kind === undefined) throw new ModuleFormatError(`unknown export kind ${k} for ${name}`);
          exportIndex.push({ name, kind, index: r.u32() });
        }
        break;
      }
      case 9: {
        const n = r.count(3);
        counts.elementSegments += n;
        for (let i = 0; i < n; i++) counts.elementEntries += elementSegment(r);
        break;
      }
      case 10: {
        const n = r.count(2);
        for (let i = 0; i < n; i++) {
          const bodySize = r.u32();
          const bodyEnd = r.pos + bodySize;
          for (let groups = r.count(2), g = 0; g < groups; g++) {
            counts.locals += r.u32();
            r.valtype();
          }
          if (bodyEnd > end) throw new ModuleFormatError('a function body runs past the end of the code section');
          r.pos = bodyEnd;
        }
        break;
      }
      case 11:
        counts.dataSegments += r.count(2);
        break;
      case 13:
        counts.tags += r.count(2);
        break;
      default:
        // custom (0), start (8), data count (12): nothing to count
        break;
    }
    r.pos = end;
  }
  for (const e of exportIndex) {
    const out: ExportInfo = { name: e.name, kind: e.kind };
    if (e.kind === 'function') {
      const sig = types[funcTypes[e.index] ?? -1];
      if (sig) out.signature = sig;
    }
    info.exports.push(out);
  }
  return info;
}

/** `(i32, i32) -> i64`, `() -> ()`. */
export function showSignature(t: FuncType): string {
  const results = t.results.length === 0 ? '()' : t.results.length === 1 ? t.results[0]! : `(${t.results.join(', ')})`;
  return `(${t.params.join(', ')}) -> ${results}`;
}

export function sameSignature(a: FuncType, b: FuncType): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) &&
    a.results.every((p, i) => p === b.results[i])
  );
}
