/**
 * One-line progress indicator on an interactive stderr: `[12/140] shop.orders …`, rewritten in
 * place, erased when the run ends. Updates are coalesced so a fast run does not flood the terminal.
 */
export interface Progress {
  update(done: number, total: number, current?: string): void;
  /** Erases the line before other output is written to stderr. */
  clear(): void;
  done(): void;
}

export const NO_PROGRESS: Progress = { update() {}, clear() {}, done() {} };

export function createProgress(
  write: (text: string) => void,
  columns: number | undefined,
  minIntervalMs = 50,
): Progress {
  let shown = false;
  let last = 0;
  const width = Math.max(20, (columns !== undefined && columns > 0 ? columns : 80) - 1);
  return {
    update(done, total, current) {
      const now = Date.now();
      if (done < total && now - last < minIntervalMs) return;
      last = now;
      let line = `[${done}/${total}]${current ? ` ${current}` : ''}`;
      if (done < total) line += ' …';
      if ([...line].length > width) line = `${[...line].slice(0, width - 1).join('')}…`;
      write(`\r\x1b[2K${line}`);
      shown = true;
    },
    clear() {
      if (shown) write('\r\x1b[2K');
      shown = false;
    },
    done() {
      this.clear();
    },
  };
}
