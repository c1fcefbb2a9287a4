#!/usr/bin/env bash
# make lint: go vet, staticcheck, and errcheck on the calls that are not
# deferred (a deferred Close or Rollback is cleanup whose error the code
# before it has already decided), outside tests, less the calls listed with
# their reasons in .ci/errcheck-excludes.txt. The tools are the versions the
# Makefile pins, installed under bin/tools.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${GO:=go}" "${STATICCHECK:?}" "${ERRCHECK:?}"
"$GO" vet ./...
"$STATICCHECK" ./...
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
"$ERRCHECK" -ignoretests -exclude .ci/errcheck-excludes.txt ./... >"$out" || rc=$?
if [ "$rc" -gt 1 ]; then
  cat "$out"
  echo "errcheck failed to run (exit $rc)" >&2
  exit "$rc"
fi
if grep -Ev '^[^:]+:[0-9]+:[0-9]+:[[:space:]]*defer ' "$out"; then
  echo "errcheck: the errors above are dropped; check them, or say in .ci/errcheck-excludes.txt why not" >&2
  exit 1
fi
echo "lint: ok"
