// The ABI exports (docs/wasm_abi.md). Re-export them from your library's entry file:
//   export * from "@hielements/sdk-assemblyscript/assembly/exports";
import { dispatch, metadataText } from "./library";

const ABI_VERSION: i32 = 1;

function respond(text: string): i64 {
  const len = <usize>String.UTF8.byteLength(text);
  const ptr = heap.alloc(len > 0 ? len : 1);
  String.UTF8.encodeUnsafe(changetype<usize>(text), text.length, ptr);
  return (<i64>ptr << 32) | <i64>len;
}

export function hielements_abi_version(): i32 {
  return ABI_VERSION;
}

/** Host asks for a buffer (for requests and host-function results). */
export function alloc(len: usize): usize {
  return heap.alloc(len > 0 ? len : 1);
}

/** Host gives back a buffer it got from `alloc` or from a response. */
export function dealloc(ptr: usize, len: usize): void {
  if (ptr != 0) heap.free(ptr);
}

export function call(ptr: usize, len: usize): i64 {
  return dispatch(false, ptr, len);
}

export function check(ptr: usize, len: usize): i64 {
  return dispatch(true, ptr, len);
}

export function metadata(): i64 {
  return respond(metadataText());
}
