#!/usr/bin/env bash
# Sets up and runs the whole service (API, Swagger UI, Hangfire dashboard and a training worker) on this machine.
# Uses ConnectionStrings__WebClustering when set; otherwise starts a local PostgreSQL (deploy/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

export ConnectionStrings__WebClustering="$(bash deploy/postgres.sh)"
# Development: requests without an API key act as the default tenant (appsettings.Development.json) and the
# Hangfire dashboard opens for local requests. Set ASPNETCORE_ENVIRONMENT=Production to require keys.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
url="${WEBCLUSTERING_URL:-http://localhost:5000}"

dotnet build src/WebClustering.Api -c Release -v quiet -nologo
echo
echo "WebClustering is starting on $url"
echo "  Swagger UI:         $url/swagger"
echo "  Hangfire dashboard: $url/hangfire"
echo
exec dotnet run --project src/WebClustering.Api -c Release --no-build --no-launch-profile --urls "$url"
