#!/bin/sh
# Installs the Debian packages the test suite needs: clang + lld (the C WebAssembly example),
# rustc + libstd-rust-dev-wasm32 (the Rust WebAssembly examples; /usr/bin/rustc, since a rustup
# toolchain has no wasm target here), chromium (the architecture report page is tested in a
# headless browser).
# Works as root (no sudo needed, e.g. in a container) and as a normal user (uses sudo).
set -eu
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "debian-packages.sh: run me as root, or install sudo" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq clang lld rustc libstd-rust-dev-wasm32 chromium >/dev/null
