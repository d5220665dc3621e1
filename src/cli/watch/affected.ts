/**
 * Which checks a workspace change can affect (`run --watch`). Each executed job records the files
 * its scope/ref values held; when files were only edited or removed, only the jobs that read one
 * of them run again and everything else keeps its previous outcome. An added file can enter any
 * glob or folder scope, so it makes every job run again. Connection rules (which read import facts
 * of many files), jobs that read no scope (`files.exists('x')`), and jobs whose last outcome was
 * an error always run again.
 */
import type { Job } from '../../eval/jobs.js';
import type { CheckOutcome } from '../../results/types.js';

export interface RecordedJob {
  outcome: CheckOutcome;
  /** Absolute paths of the files its scope/ref values held. */
  inputs: ReadonlySet<string>;
  /** A connection rule reads the import facts of every file of the scopes involved. */
  connectionRule: boolean;
}

export interface WorkspaceChanges {
  /** Files that existed before and still exist. */
  changed: ReadonlySet<string>;
  added: ReadonlySet<string>;
  removed: ReadonlySet<string>;
}

/** Identity of a job across runs of the same (unchanged) spec. */
export function jobKey(job: Job): string {
  return [job.kind, job.element.path, job.label, job.file, job.span.start.offset, job.pattern?.name ?? ''].join(
    '\u0000',
  );
}

export function isConnectionRule(job: Job): boolean {
  return (
    job.kind === 'allows-connection' ||
    job.kind === 'strict-uses' ||
    (job.kind === 'requirement' && job.requirement.component.kind === 'connection')
  );
}

function touches(files: ReadonlySet<string>, changes: WorkspaceChanges): boolean {
  for (const f of changes.changed) if (files.has(f)) return true;
  for (const f of changes.removed) if (files.has(f)) return true;
  return false;
}

/** Every file any job of the last run read. */
export function allInputs(records: Iterable<RecordedJob>): Set<string> {
  const out = new Set<string>();
  for (const r of records) for (const f of r.inputs) out.add(f);
  return out;
}

/**
 * Must the job run again? `everything` is allInputs() of the last run: a connection rule runs
 * again when any file of the architecture changed.
 */
export function isAffected(
  previous: RecordedJob | undefined,
  changes: WorkspaceChanges,
  everything: ReadonlySet<string>,
): boolean {
  if (!previous || changes.added.size > 0) return true;
  if (previous.outcome.status === 'error' || previous.outcome.status === 'skipped') return true;
  if (previous.connectionRule) return touches(everything, changes);
  if (previous.inputs.size === 0) return true;
  return touches(previous.inputs, changes);
}
