/**
 * Process-wide registry of live plugin processes, so none outlives its host: disposing a library
 * stops its process, and `killAllExternalProcesses` stops every one at once. The library never
 * installs process handlers itself; the command line does (src/cli/process-cleanup.ts), so a
 * program embedding Hielements keeps control of its own signals and exit.
 *
 * Each plugin is started in a process group of its own (POSIX), and "kill" means the whole group:
 * whatever the plugin started (a shell, a language server, a `sleep`) goes with it.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

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

export function trackChild(child: ChildProcess): void {
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
