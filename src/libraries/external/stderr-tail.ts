/** Keeps the last lines a plugin wrote to stderr, for error messages. */
export class StderrTail {
  private lines: string[] = [];
  private dropped = 0;

  constructor(private readonly maxLines = 40) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.maxLines) {
      this.lines.shift();
      this.dropped++;
    }
  }

  /** The tail as text (empty string when the plugin wrote nothing). */
  text(): string {
    if (this.lines.length === 0) return '';
    const head = this.dropped > 0 ? `[… ${this.dropped} earlier stderr line(s) omitted]\n` : '';
    return head + this.lines.join('\n');
  }
}
