#!/usr/bin/env bash
# Demo: uploads Fashion-MNIST to a running service, trains a convolutional autoencoder with k-means on it, prints
# the progress, and ends with the URL of the job's page.
#   bash deploy/demo.sh [--full] [--epochs N] [--url http://localhost:5000]
# Start the service first (bash deploy/run.sh). By default the 10,000-image test split is used, so that the demo ends
# in minutes on 2 cores; --full uploads the 60,000 training images instead. Where the service requires API keys,
# set WEBCLUSTERING_API_KEY to a tenant's key (bash deploy/run.sh runs it in anonymous development mode).
set -euo pipefail
url="${WEBCLUSTERING_URL:-http://localhost:5000}"
split=t10k
epochs=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --full) split=train; shift ;;
    --epochs) epochs="$2"; shift 2 ;;
    --url) url="$2"; shift 2 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
done
data=/usr/share/datasets/fashion-mnist
if [[ ! -f "$data/$split-images-idx3-ubyte.gz" ]]; then
  echo "Installing Fashion-MNIST (Debian package dataset-fashion-mnist)..."
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi
curl -sf -o /dev/null "$url/health/ready" || { echo "The service does not answer at $url; start it with: bash deploy/run.sh" >&2; exit 1; }
key=(); [[ -n "${WEBCLUSTERING_API_KEY:-}" ]] && key=(-H "X-Api-Key: $WEBCLUSTERING_API_KEY")
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo "Uploading Fashion-MNIST ($split split)..."
dataset=$(curl -sf "${key[@]}" -F "file=@$data/$split-images-idx3-ubyte.gz" -F "labels=@$data/$split-labels-idx1-ubyte.gz" \
  -F "name=Fashion-MNIST $split" "$url/api/datasets/idx" | json "['id']")
echo "Dataset $dataset"

job=$(curl -sf "${key[@]}" -H 'Content-Type: application/json' "$url/api/jobs" -d "{
  \"datasetId\": \"$dataset\",
  \"model\": { \"kind\": \"conv\", \"encoder\": [ { \"outChannels\": 16, \"kernel\": 3, \"pool\": 2 }, { \"outChannels\": 32, \"kernel\": 3, \"pool\": 2 } ],
               \"latentDim\": 10, \"upsampling\": \"nearest\", \"activation\": \"relu\" },
  \"training\": { \"epochs\": $epochs, \"batchSize\": 128, \"learningRate\": 0.001, \"optimizer\": \"adam\", \"preprocessing\": \"minmax\" },
  \"clustering\": { \"algorithm\": \"kmeans\", \"k\": 10, \"nInit\": 10 }
}" | json "['id']")
echo "Job $job queued; its page: $url/jobs/$job"

while true; do
  status=$(curl -sf "${key[@]}" "$url/api/jobs/$job")
  state=$(echo "$status" | json "['state']")
  line=$(echo "$status" | python3 -c "import json,sys; j=json.load(sys.stdin); print(f\"{j['state']:>9}  epoch {j['epoch']}/{j['epochs']}  progress {j['progress']*100:5.1f}%  loss {j.get('loss') or 0:.4f}\")")
  printf '\r%s' "$line"
  [[ "$state" == succeeded || "$state" == failed || "$state" == cancelled ]] && break
  sleep 2
done
echo
if [[ "$state" == succeeded ]]; then
  curl -sf "${key[@]}" "$url/api/jobs/$job/clusters" | python3 -c "import json,sys; c=json.load(sys.stdin); e=c.get('external') or {}; print(f\"k={c['k']}  silhouette={c['silhouette']:.3f}  ACC={e.get('accuracy', float('nan')):.3f}  NMI={e.get('nmi', float('nan')):.3f}\")"
else
  echo "The job ended $state: $(echo "$status" | json ".get('error')")"
fi
echo "Job page: $url/jobs/$job"
