#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml), as a script so it can be run and tested
# anywhere: runs `hielements run` once, writing SARIF to $HIE_SARIF and the human summary to
# stdout, and records the exit code for the action's last step.
#
# Environment (the action's inputs):
#   HIE_SPEC      spec file (empty: the nearest hielements.hie)
#   HIE_SARIF     where to write the SARIF log (relative to the working directory)
#   HIE_ARGS      extra arguments for `hielements run` (split on spaces)
#   HIE_BIN       the hielements command (default: the project's, through npx --no-install)
#   GITHUB_OUTPUT (optional) receives exit-code=N and sarif=PATH
set -uo pipefail

bin=${HIE_BIN:-"npx --no-install hielements"}
sarif=${HIE_SARIF:-hielements.sarif}
args=(run)
if [ -n "${HIE_SPEC:-}" ]; then args+=("$HIE_SPEC"); fi
args+=(--format sarif --output "$sarif")
# shellcheck disable=SC2206 # extra arguments are split on purpose
if [ -n "${HIE_ARGS:-}" ]; then args+=($HIE_ARGS); fi

# shellcheck disable=SC2086 # $bin may be "npx --no-install hielements"
$bin "${args[@]}"
code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "sarif=$sarif"
  } >>"$GITHUB_OUTPUT"
fi
# 0 and 1 (violations found) both produced a report; anything else is a usage or internal error.
if [ "$code" -gt 1 ]; then exit "$code"; fi
exit 0
