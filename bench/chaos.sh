#!/usr/bin/env bash
# Chaos soak (issue 18): one API and three worker processes on one database of a private PostgreSQL cluster (never
# the machine's shared one), a stream of small jobs for 20 minutes while a random worker is SIGKILLed every 2 minutes
# (and a new one started), PostgreSQL is restarted twice and a worker is restarted gracefully every 5 minutes. At the
# end every job must have succeeded exactly once with one embedding per row, and no job may have used more attempts
# than the crashes it met. Prints jobs run, kills, restarts, each takeover's delay and the status polls' p99; exits
# non-zero on any problem or a takeover slower than 60 s.
#   bash bench/chaos.sh [--minutes 20] [--kill-every 120] [--graceful-every 300] [--pg-restarts 2] [--workers 3]
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/postgres.sh >/dev/null   # installs the PostgreSQL binaries when missing; the soak starts its own cluster
dotnet build -c Release -v quiet -nologo src/WebClustering.Api
exec python3 bench/chaos/chaos.py --dll src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll "$@"
