/**
 * The command line owns the process: on `exit` and on SIGINT/SIGTERM/SIGHUP it stops every live
 * plugin process. After the cleanup on a signal, if no other listener handles that signal (a
 * running command installs its own to cancel the run), the process exits with 128+n (130 for
 * Ctrl-C), as it would have without the handler. Installed once; the library code never does this.
 */
import { killAllExternalProcesses } from '../libraries/external/child-registry.js';

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let installed = false;

export function installProcessCleanup(): void {
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
