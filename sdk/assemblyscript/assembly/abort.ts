// AssemblyScript's `abort` routed to the host's `hielements.abort` (build with
// `--use abort=<path of this file>/hostAbort`, as the template's asconfig.json does).
@external("hielements", "abort")
declare function host_abort(msg: usize, file: usize, line: u32, column: u32): void;

export function hostAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  host_abort(changetype<usize>(message), changetype<usize>(fileName), line, column);
  unreachable();
}
