/**
 * Warnings for the files a run's checks could not look into: facts that could not be extracted
 * (larger than the parse limit, unreadable, over the time budget, a parser failure) and texts that
 * could not be read. Such a file reads as empty — no imports, no definitions, no match — so a
 * check over it could pass without having seen it; the run says so (W095) instead of passing in
 * silence. One warning per file and run; after MAX_NOT_ANALYSED_WARNINGS, one note counts the rest.
 */
import { makeDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { C } from '../../diagnostics/registry.js';

/** Files named one by one in a run; the rest are counted by one more warning. */
export const MAX_NOT_ANALYSED_WARNINGS = 20;

const HELP =
  'checks that read this file (imports, definitions, calls or text) saw it as empty; ' +
  'see `hielements explain W095` for the limits';

export class NotAnalysedReporter {
  private readonly seen = new Set<string>();
  private counted: Diagnostic | undefined;

  constructor(private readonly sink: (d: Diagnostic) => void) {}

  /** `file` (absolute) could not be analysed, for `reason`. */
  report(file: string, reason: string): void {
    if (this.seen.has(file)) return;
    this.seen.add(file);
    if (this.seen.size <= MAX_NOT_ANALYSED_WARNINGS) {
      const why = reason.replace(/^not analysed: /, '');
      this.sink(
        makeDiagnostic('warning', C.W095, `this file was not analysed: ${why}`, file, undefined, { help: HELP }),
      );
      return;
    }
    const more = this.seen.size - MAX_NOT_ANALYSED_WARNINGS;
    const message = `${more} more file(s) could not be analysed (the first ${MAX_NOT_ANALYSED_WARNINGS} are named above)`;
    // one note, brought up to date as more files come (it was handed to the sink when it was made)
    if (this.counted) this.counted.message = message;
    else {
      this.counted = makeDiagnostic('warning', C.W095, message, '', undefined, { help: HELP });
      this.sink(this.counted);
    }
  }
}
