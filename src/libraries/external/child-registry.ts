/**
 * Process-wide registry of live plugin processes, so none outlives the CLI: they are killed on
 * `exit`, and on SIGINT/SIGTERM/SIGHUP. Handlers are installed once, on the first spawn. After the
 * cleanup on a signal, if no other listener handles that signal, the process exits with 128+n
 * (130 for Ctrl-C), as it would have without the handler.
 *
 * Each plugin is started in a process group of its own (POSIX), and "kill" means the whole group:
 * whatever the plugin started (a shell, a language server, a `sleep`) goes with it.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let installed = false;

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Plugins get a process group of their own where there are process groups. */
export const OWN_PROCESS_GROUP = process.platform !== 'win32';

/**
 * Kill the plugin's whole process group (the plugin and everything it started), or only the
 * plugin where there are no process groups. Synchronous, never throws; also safe after the plugin
 * itself has exited (its group lives on while any member does).
 */
export function killProcessTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  const pid = child.pid;
  if (OWN_PROCESS_GROUP && pid !== undefined && pid > 0) {
    try {
      process.kill(-pid, signal);
      return;
    } catch {
      // no such group any more (every member is gone): fall through for the plugin itself
    }
  }
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

/** Kill every live plugin process group now (SIGKILL). Safe to call any time, also from an `exit` handler. */
export function killAllExternalProcesses(): void {
  for (const child of live) killProcessTree(child);
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
  child.once('exit', () => {
    // The plugin is gone: what it started goes too, at once (the CLI may be about to exit).
    killProcessTree(child);
    live.delete(child);
  });
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
