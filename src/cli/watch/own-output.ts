/**
 * Files this process writes its report to: the `--output` file, and stdout/stderr when they are
 * redirected to a regular file (`hielements run x.hie --watch > report.txt` inside the workspace).
 * Changes to them must not trigger a re-run, or watch mode would feed on its own output.
 */
import { fstatSync, statSync } from 'node:fs';

export class OwnOutput {
  private readonly inodes: { dev: number; ino: number }[] = [];

  constructor(private readonly outputFile: string | undefined) {
    for (const fd of [1, 2]) {
      try {
        const st = fstatSync(fd);
        if (st.isFile()) this.inodes.push({ dev: st.dev, ino: st.ino });
      } catch {
        // closed descriptor: nothing to compare with
      }
    }
  }

  is(file: string): boolean {
    if (file === this.outputFile) return true;
    if (this.inodes.length === 0) return false;
    try {
      const st = statSync(file);
      return this.inodes.some((i) => i.dev === st.dev && i.ino === st.ino);
    } catch {
      return false;
    }
  }
}
