# Sourced by benchmark scripts that drive the service over HTTP. start_bench_service DATABASE PORT builds the
# service, starts one process (API and one worker, so each job's time is its own) in Development (keyless requests
# act as the default tenant) on a throwaway database, waits until it is ready and sets $url and $service_log; on exit
# the process is stopped and the database dropped.
start_bench_service() {
  bench_database="$1"
  url="http://127.0.0.1:$2"
  service_log="$(mktemp "/tmp/$1.XXXXXX.log")"
  local connection
  connection="$(bash bench/scratch-db.sh "$bench_database")"
  trap stop_bench_service EXIT
  dotnet build -c Release -v quiet -nologo src/WebClustering.Api >&2
  ConnectionStrings__WebClustering="$connection" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    WebClustering__WorkerCount=1 \
    dotnet src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll --urls "$url" >"$service_log" 2>&1 &
  bench_service=$!
  for _ in $(seq 1 90); do curl -sf -o /dev/null "$url/health/ready" && break; sleep 1; done
  curl -sf -o /dev/null "$url/health/ready" || { echo "the service did not start; its log: $service_log" >&2; tail -n 20 "$service_log" >&2; exit 1; }
}

stop_bench_service() {
  [[ -n "${bench_service:-}" ]] && kill "$bench_service" 2>/dev/null && wait "$bench_service" 2>/dev/null || true
  PGPASSWORD=webclustering psql -q -h 127.0.0.1 -U webclustering -d postgres \
    -c "DROP DATABASE IF EXISTS $bench_database WITH (FORCE)" || true
}
