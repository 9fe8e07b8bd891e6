#!/usr/bin/env bash
# Streamed upload benchmark (issue 6): builds the service, starts it against a throwaway database, writes a CSV of
# about SIZE megabytes to disk (32 numeric columns and a label, ~330 bytes a row), uploads it with curl and prints
# the file size, the time, the throughput and the service's peak resident memory (VmHWM from /proc/<pid>/status)
# before and after the upload. Takes a few minutes for 1 GB.
#   bash bench/upload.sh [size in MB, default 1024]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-1024}"
port=5098
work="$(mktemp -d)"
connection="$(bash bench/scratch-db.sh webclustering_upload_bench)"
api=""
cleanup() {
  [[ -n "$api" ]] && kill "$api" 2>/dev/null || true
  rm -rf "$work"
  PGPASSWORD=webclustering psql -q -h 127.0.0.1 -U webclustering -d postgres \
    -c "DROP DATABASE IF EXISTS webclustering_upload_bench WITH (FORCE)" || true
}
trap cleanup EXIT

# One block of random rows, repeated until the file is large enough (no id column, so repeats are fine).
python3 - "$work/block.csv" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(",".join(f"{random.gauss(0, 100):.6f}" for _ in range(32)) + f",class{i % 10}\n")
PY
{
  echo "$(seq -f 'f%g' 0 31 | paste -sd,),label"
  block_bytes=$(stat -c %s "$work/block.csv")
  for _ in $(seq 1 $(( (size_mb * 1024 * 1024 + block_bytes - 1) / block_bytes ))); do cat "$work/block.csv"; done
} > "$work/upload.csv"
rm "$work/block.csv"
bytes=$(stat -c %s "$work/upload.csv")
rows=$(( $(wc -l < "$work/upload.csv") - 1 ))

dotnet build -c Release -v quiet -nologo src/WebClustering.Api
# Keyless requests as the default tenant; the form file is buffered in the work folder.
ConnectionStrings__WebClustering="$connection" WebClustering__Roles=Api WebClustering__Auth__AllowAnonymous=true \
  Logging__LogLevel__Default=Warning ASPNETCORE_TEMP="$work" \
  dotnet src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll --urls "http://127.0.0.1:$port" >"$work/api.log" 2>&1 &
api=$!
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/live" && break; sleep 1; done
hwm() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$api/status"; }
before=$(hwm)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "file: $((bytes / 1024 / 1024)) MB, $rows rows of 32 features and a label"
result=$(curl -sS -o "$work/response.json" -w '%{http_code} %{time_total}' \
  -F "file=@$work/upload.csv;type=text/csv" -F name=upload-bench -F labelColumn=label "http://127.0.0.1:$port/api/datasets")
read -r status seconds <<<"$result"
after=$(hwm)
if [[ "$status" != "201" ]]; then
  echo "upload failed with $status: $(cat "$work/response.json")" >&2
  tail -n 20 "$work/api.log" >&2
  exit 1
fi
stored=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows'])" "$work/response.json")
awk -v b="$bytes" -v s="$seconds" -v r="$stored" -v before="$before" -v after="$after" 'BEGIN {
  printf "stored: %d rows in %.1f s, %.1f MB/s, %.0f rows/s\n", r, s, b / 1048576 / s, r / s
  printf "service peak RSS (VmHWM): %d MB before the upload, %d MB after\n", before, after
}'
