/**
 * Static inspection of a module's bytes: the parts Node 20 cannot reflect (memory limits of
 * imports, whether the module defines its own memory). A tiny reader of the binary format's
 * import (2) and memory (5) sections; everything else is skipped by its size.
 */

export interface MemoryLimits {
  /** Declared minimum, in 64 KiB pages. */
  minimum: number;
  maximum?: number;
  shared: boolean;
  memory64: boolean;
}

export interface ImportInfo {
  module: string;
  name: string;
  kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  /** For memory imports. */
  limits?: MemoryLimits;
}

export interface ModuleInfo {
  imports: ImportInfo[];
  /** Number of memories the module defines itself (memory section). */
  definedMemories: number;
}

export class ModuleFormatError extends Error {}

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
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ModuleFormatError(`malformed LEB128 at byte ${this.pos}`);
  }
  /** memory64 limits are u64; we only need them for messages, so read as a double. */
  u64(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ModuleFormatError(`malformed LEB128 at byte ${this.pos}`);
  }
  name(): string {
    const len = this.u32();
    if (this.pos + len > this.bytes.length) throw new ModuleFormatError('name runs past the end of the module');
    const s = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
  skip(n: number): void {
    if (this.pos + n > this.bytes.length) throw new ModuleFormatError('section runs past the end of the module');
    this.pos += n;
  }
  limits(): MemoryLimits {
    const flags = this.byte();
    const memory64 = (flags & 0x04) !== 0;
    const read = () => (memory64 ? this.u64() : this.u32());
    const minimum = read();
    const out: MemoryLimits = { minimum, shared: (flags & 0x02) !== 0, memory64 };
    if (flags & 0x01) out.maximum = read();
    return out;
  }
}

/** Read the import and memory sections. Throws ModuleFormatError on malformed bytes. */
export function inspectModule(bytes: Uint8Array): ModuleInfo {
  const r = new Reader(bytes);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new ModuleFormatError('not a WebAssembly module (missing \\0asm magic)');
  r.skip(8);
  const info: ModuleInfo = { imports: [], definedMemories: 0 };
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const module = r.name();
        const name = r.name();
        const kind = r.byte();
        switch (kind) {
          case 0:
            r.u32();
            info.imports.push({ module, name, kind: 'function' });
            break;
          case 1:
            r.byte();
            r.limits();
            info.imports.push({ module, name, kind: 'table' });
            break;
          case 2:
            info.imports.push({ module, name, kind: 'memory', limits: r.limits() });
            break;
          case 3:
            r.byte();
            r.byte();
            info.imports.push({ module, name, kind: 'global' });
            break;
          case 4:
            r.byte();
            r.u32();
            info.imports.push({ module, name, kind: 'tag' });
            break;
          default:
            throw new ModuleFormatError(`unknown import kind ${kind} for ${module}.${name}`);
        }
      }
    } else if (id === 5) {
      info.definedMemories = r.u32();
    }
    r.pos = end;
    if (r.pos > bytes.length) throw new ModuleFormatError('section runs past the end of the module');
  }
  return info;
}
