"""Quality bench (issue 15): uploads labelled datasets of several kinds to a running service, runs the default job
(only datasetId and k), the scikit-learn baselines and explicit recipes on each, and prints ACC/NMI/ARI and time
per method, a Markdown table and a goal check per dataset. Started by bench/quality.sh."""
import argparse
import hashlib
import math
import sys
import tempfile
import time

from api import Api
from baselines import baselines, service_baseline
from datasets import suite
from recipes import recipes

NAN = float("nan")
_baseline_cache = {}  # the same rows under two uploads (Fashion-MNIST as IDX and as CSV) are clustered once


def cached_baselines(dataset, pca_dims):
    key = (hashlib.sha1(dataset.x.tobytes()).hexdigest(), dataset.k, pca_dims)
    if key in _baseline_cache:
        return [(*b, f"(as {_baseline_cache[key][0]})") for b in _baseline_cache[key][1]]
    _baseline_cache[key] = (dataset.name, baselines(dataset.x, dataset.y, dataset.k, pca_dims))
    return _baseline_cache[key][1]


def row(dataset, method, acc, nmi, ari, seconds, note=""):
    shape = f"{dataset.x.shape[0]}x{dataset.x.shape[1]}"
    line = (dataset.name, shape, dataset.kind, method, acc, nmi, ari, seconds, note)
    print(f"  {method:<28} ACC {acc:.3f}  NMI {nmi:.3f}  ARI {ari:.3f}  {seconds:7.1f} s  {note}", flush=True)
    return line


def job_row(api, dataset, dataset_id, method, config):
    job, clusters, seconds = api.run_job({"datasetId": dataset_id, **config})
    if job["state"] != "succeeded" or not clusters.get("external"):
        print(f"  {method:<28} {job['state']}: {job.get('error')}", flush=True)
        return row(dataset, method, NAN, NAN, NAN, seconds, job["state"]), job, clusters
    ext = clusters["external"]
    return row(dataset, method, ext["accuracy"], ext["nmi"], ext["ari"], seconds), job, clusters


def describe(configuration):
    """What the default job chose, in one line (read loosely: the automatic recipe may add or move fields)."""
    model, training, clustering = (configuration.get(part) or {} for part in ("model", "training", "clustering"))
    layers = model.get("hiddenLayers") or model.get("encoder") or model.get("hiddenSize")
    return (f"{model.get('kind')} {layers} latent {model.get('latentDim')}, {training.get('epochs')} epochs, "
            f"{training.get('preprocessing')}, {clustering.get('preset') or clustering.get('algorithm')}")


def bench(api, dataset, mode, workdir):
    print(f"\n## {dataset.name}: {dataset.x.shape[0]} x {dataset.x.shape[1]}, {dataset.kind}, k={dataset.k}", flush=True)
    started = time.monotonic()
    dataset_id = dataset.upload(api, workdir)
    print(f"  uploaded in {time.monotonic() - started:.1f} s", flush=True)
    rows = []
    default, job, clusters = job_row(api, dataset, dataset_id, "default job", {"clustering": {"k": dataset.k}})
    rows.append(default)
    latent = (job["configuration"].get("model") or {}).get("latentDim") or 10
    print(f"  default chose: {describe(job['configuration'])}", flush=True)
    for method, acc, nmi, ari in service_baseline(clusters):
        rows.append(row(dataset, method, acc, NAN if nmi is None else nmi, NAN if ari is None else ari, NAN))
    reference = [row(dataset, *b) for b in cached_baselines(dataset, latent)]
    rows += reference
    explicit = [job_row(api, dataset, dataset_id, name, config)[0] for name, config in recipes(dataset, mode)]
    rows += explicit
    scored = [r for r in explicit if not math.isnan(r[4])]
    if scored:
        best = max(scored, key=lambda r: r[4])
        rows.append(row(dataset, f"best explicit ({best[3]})", *best[4:8]))
    best_acc, best_nmi = max(r[4] for r in reference), max(r[5] for r in reference)
    passed = default[4] >= best_acc - 0.01 and default[5] >= best_nmi - 0.01
    check = (f"{dataset.name}: {'PASS' if passed else 'FAIL'} (default ACC {default[4]:.3f} NMI {default[5]:.3f}; "
             f"best k-means/PCA baseline ACC {best_acc:.3f} NMI {best_nmi:.3f})")
    print(f"  check {check}", flush=True)
    return rows, check


def markdown(rows):
    lines = ["| dataset | rows x cols | kind | method | ACC | NMI | ARI | seconds |", "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |"]
    cell = lambda v: "-" if math.isnan(v) else f"{v:.3f}"
    for name, shape, kind, method, acc, nmi, ari, seconds, note in rows:
        time_cell = "-" if math.isnan(seconds) else f"{seconds:.1f}"
        lines.append(f"| {name} | {shape} | {kind} | {method}{' ' + note if note else ''} | {cell(acc)} | {cell(nmi)} "
                     f"| {cell(ari)} | {time_cell} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--quick", action="store_true", help="small datasets, fewer epochs for explicit recipes")
    parser.add_argument("--only", help="comma-separated dataset names")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    chosen = suite(full=not args.quick)
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {name for name, _ in chosen}
        if unknown:
            sys.exit(f"unknown dataset(s) for this mode: {', '.join(sorted(unknown))}; "
                     f"known: {', '.join(name for name, _ in chosen)}")
        chosen = [(name, factory) for name, factory in chosen if name in wanted]
    api = Api(args.url)
    all_rows, checks = [], []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="quality-bench-") as workdir:
        for name, factory in chosen:
            rows, check = bench(api, factory(), mode, workdir)
            all_rows += rows
            checks.append(check)
    print(f"\n# Results ({mode} run, {time.monotonic() - started:.0f} s in all)\n")
    print(markdown(all_rows))
    print("\nGoal: the default job's ACC and NMI within 0.01 of the best k-means / PCA + k-means baseline")
    for check in checks:
        print(f"- {check}")
    csv_default = [r for r in all_rows if r[0] == "fashion_csv" and r[3] == "default job"]
    idx_best = [r for r in all_rows if r[0] == "fashion_idx_10k" and r[3].startswith("best explicit")]
    if csv_default and idx_best:
        gap = idx_best[0][4] - csv_default[0][4]
        print(f"- fashion_csv against fashion_idx_10k: {'PASS' if gap <= 0.02 else 'FAIL'} (default job on the CSV "
              f"ACC {csv_default[0][4]:.3f}; best explicit recipe on the IDX upload {idx_best[0][4]:.3f}; goal: "
              f"within 0.02)")
    print(f"\n{sum('PASS' in c for c in checks)} of {len(checks)} datasets pass")


if __name__ == "__main__":
    main()
