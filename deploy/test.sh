#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests against a real PostgreSQL and Hangfire server.
# Starts a local PostgreSQL when WEBCLUSTERING_TEST_ADMIN_CONNECTION is not set (deploy/postgres.sh); each test
# run creates its own throwaway database and drops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${WEBCLUSTERING_TEST_ADMIN_CONNECTION:-}" ]]; then
  connection="$(bash deploy/postgres.sh)"
  export WEBCLUSTERING_TEST_ADMIN_CONNECTION="${connection/Database=webclustering/Database=postgres}"
fi

# The browser test drives Debian's Chromium headless (tests/WebClustering.Api.Tests/Browser), and the PyTorch export
# test runs the shipped load_model.py under Debian's python3 with python3-torch
# (tests/WebClustering.Core.Tests/Export/PyTorchExportTests.cs); install them when missing.
missing=()
if ! command -v chromium >/dev/null 2>&1 && [[ -z "${CHROMIUM_PATH:-}" ]]; then missing+=(chromium); fi
if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then missing+=(python3-torch); fi
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test WebClustering.sln -c Release -nologo 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "No test ran." >&2
  exit 1
fi
exit $status
