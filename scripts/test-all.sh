#!/usr/bin/env bash
# Sets up a fresh Debian machine with Node 20 and runs the whole test suite.
# Installs the Debian toolchains that build the WebAssembly examples from source when missing:
#   clang + lld                      → the C example (examples/wasm/c-textstats)
#   rustc + libstd-rust-dev-wasm32   → the Rust SDK and examples (sdk/rust, examples/wasm/rust-files),
#                                      built with /usr/bin/rustc (a rustup toolchain has no wasm target here)
# then the npm dependencies, then builds and tests everything (`npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v clang >/dev/null 2>&1 || packages+=(clang)
command -v wasm-ld >/dev/null 2>&1 || packages+=(lld)
[ -x /usr/bin/rustc ] || packages+=(rustc)
ls /usr/lib/rustlib/wasm32-unknown-unknown >/dev/null 2>&1 || packages+=(libstd-rust-dev-wasm32)
if [ "${#packages[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  echo "[setup] apt-get install ${packages[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npm test
