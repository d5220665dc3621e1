/**
 * Process-wide registry of live plugin processes, so none outlives the CLI: they are killed on
 * `exit`, and on SIGINT/SIGTERM/SIGHUP. Handlers are installed once, on the first spawn. After the
 * cleanup on a signal, if no other listener handles that signal, the process exits with 128+n
 * (130 for Ctrl-C), as it would have without the handler.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let installed = false;

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Kill every live plugin process now (SIGKILL). Safe to call any time, also from an `exit` handler. */
export function killAllExternalProcesses(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllExternalProcesses);
  for (const sig of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) {
    const handler = () => {
      killAllExternalProcesses();
      // Only our handler is left: behave like the default action would.
      if (process.listenerCount(sig) <= 1) process.exit(SIGNAL_EXIT[sig]);
    };
    process.on(sig, handler);
  }
}

export function trackChild(child: ChildProcess): void {
  install();
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => {
    if (child.pid === undefined) live.delete(child);
  });
}

export function untrackChild(child: ChildProcess): void {
  live.delete(child);
}

/** Number of live plugin processes (for tests and diagnostics). */
export function liveExternalProcessCount(): number {
  return live.size;
}
