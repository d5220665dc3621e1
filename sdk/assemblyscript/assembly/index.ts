// @hielements/sdk-assemblyscript: write Hielements libraries in AssemblyScript.
export { Json, JsonKind, JsonParser, quote } from "./json";
export { ByteWriter, RequestReader, Request, writeValue, writeScope, writeCheckResult } from "./wire";
export { Value, ValueType, Scope, CheckResult, Status, Location, pass, fail, error } from "./value";
export { Library, Args, Param, param, optionalParam, SelectorFn, CheckFn, INVALID_PARAMS, METHOD_NOT_FOUND, APPLICATION_ERROR } from "./library";
export {
  readFile,
  readBytes,
  listDirectory,
  DirEntry,
  EntryKind,
  fileExists,
  writeFile,
  walkFiles,
  log,
  lastError,
  statusName,
  relative,
  absolute,
  workspace,
  DENIED,
  NOT_FOUND,
  INVALID_PATH,
  IO_ERROR,
  TOO_LARGE,
  NOT_A_FILE,
  NOT_A_DIRECTORY,
  EXISTS_NONE,
  EXISTS_FILE,
  EXISTS_DIR,
} from "./host";
export { hostAbort } from "./abort";
