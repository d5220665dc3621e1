/**
 * Newline framing for a byte stream: feeds arbitrary chunks (partial lines, several lines per
 * chunk, multi-byte UTF-8 characters split across chunks) and emits whole lines without the
 * trailing `\n` / `\r\n`. A line longer than `maxLineBytes` is not buffered further: in `fail`
 * mode `onOverflow` is called once and the splitter stops; in `truncate` mode (used for stderr)
 * the line is cut and the rest of it skipped.
 */
export interface LineSplitterOptions {
  maxLineBytes: number;
  mode: 'fail' | 'truncate';
  onLine: (line: string) => void;
  onOverflow?: (bytes: number) => void;
}

export class LineSplitter {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Truncate mode: skipping the rest of an over-long line. */
  private skipping = false;
  private stopped = false;

  constructor(private readonly opts: LineSplitterOptions) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.stopped && start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (this.stopped) return;
      if (nl < 0) return;
      this.emit();
      start = nl + 1;
    }
  }

  /** Emit what is left (a last line without a newline) — call when the stream ends. */
  end(): void {
    if (this.stopped) return;
    if (this.size > 0 || this.skipping) this.emit();
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.skipping) return;
    if (this.size + part.length > this.opts.maxLineBytes) {
      if (this.opts.mode === 'fail') {
        this.stopped = true;
        const total = this.size + part.length;
        this.chunks = [];
        this.size = 0;
        this.opts.onOverflow?.(total);
        return;
      }
      const room = this.opts.maxLineBytes - this.size;
      if (room > 0) {
        this.chunks.push(part.subarray(0, room));
        this.size += room;
      }
      this.skipping = true;
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private emit(): void {
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    let line = buf.toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (this.skipping) line += ' …[truncated]';
    this.chunks = [];
    this.size = 0;
    this.skipping = false;
    this.opts.onLine(line);
  }
}
