#!/usr/bin/env bash
# Sets up a fresh Debian machine with Node 20 and runs the whole test suite.
# Installs Debian's clang + lld (used to build the C WebAssembly example from source),
# then the npm dependencies, then builds and tests everything (`npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=0
for tool in clang wasm-ld; do command -v "$tool" >/dev/null 2>&1 || need_apt=1; done
if [ "$need_apt" = 1 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq clang lld >/dev/null
fi

npm ci --no-audit --no-fund
npm test
