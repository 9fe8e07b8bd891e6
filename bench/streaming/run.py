"""Drives bench/streaming.sh: uploads each size, trains one job on a fresh worker process and samples its memory."""
import json, os, re, signal, subprocess, sys, tempfile, time, urllib.request
import numpy as np

connection, sizes, epochs, index = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3]), sys.argv[4] == "1"
api_url = "http://127.0.0.1:5097"
dll = "src/WebClustering.Api/bin/Release/net10.0/WebClustering.Api.dll"
work = tempfile.mkdtemp(prefix="streaming-bench-")
common = {"ConnectionStrings__WebClustering": connection, "WebClustering__Auth__AllowAnonymous": "true",
          "Logging__LogLevel__Default": "Warning", "Logging__LogLevel__WebClustering": "Information",
          "WebClustering__MaxUploadBytes": str(4 << 30), "ASPNETCORE_TEMP": work}


def start(role, log, extra=None):
    env = dict(os.environ, **common, WebClustering__Roles=role, **(extra or {}))
    args = ["dotnet", dll] + (["--urls", api_url] if role == "Api" else ["--urls", "http://127.0.0.1:0"])
    return subprocess.Popen(args, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)


def call(method, path, body=None):
    request = urllib.request.Request(api_url + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read() or b"null")


def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) // 1024
    return 0


def blobs(path, rows, cols=64, k=10):
    rng = np.random.default_rng(7)
    centres = rng.normal(0, 4, size=(k, cols)).astype(np.float32)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(rows, cols))
    for start in range(0, rows, 500_000):
        n = min(500_000, rows - start)
        out[start:start + n] = centres[rng.integers(0, k, n)] + rng.normal(0, 1, size=(n, cols)).astype(np.float32)
    out.flush()
    del out


# With the indexes, the API process must hold a set's vectors (the exact index: 936 MB at 5,000,000 x 10) and its
# HNSW graph (943 MB) at once: the default 1 GiB VectorCacheBytes holds only the first, and similar items are then
# searched exactly (the log says so).
api = start("Api", f"{work}/api.log", {"WebClustering__VectorCacheBytes": str(4 << 30)} if index else None)
try:
    for _ in range(90):
        try:
            urllib.request.urlopen(api_url + "/health/live", timeout=2)
            break
        except Exception:
            time.sleep(1)
    for rows in sizes:
        path = f"{work}/blobs-{rows}.npy"
        blobs(path, rows)
        began = time.time()
        uploaded = subprocess.run(["curl", "-sS", "-f", "-F", f"file=@{path}", "-F", f"name=blobs-{rows}", f"{api_url}/api/datasets/npy"],
                                  capture_output=True, text=True, check=True)
        upload_s = time.time() - began
        os.remove(path)
        dataset = json.loads(uploaded.stdout)["id"]
        # Every size streams (the default streams above 256 MB of features: 1,000,000 x 64 is the boundary).
        extra = {"WebClustering__StreamAboveMegabytes": "0"}
        if not index:
            extra["WebClustering__ApproximateSearchMinItems"] = "2000000000"
        worker = start("Worker", f"{work}/worker-{rows}.log", extra)
        time.sleep(8)
        job = call("POST", "/api/jobs", {"datasetId": dataset,
                                         "model": {"kind": "dense", "hiddenLayers": [128, 64], "latentDim": 10},
                                         "training": {"epochs": epochs, "batchSize": 256, "seed": 1},
                                         "clustering": {"algorithm": "minibatch_kmeans", "k": 10}})["id"]
        began = time.time()
        while True:
            state = call("GET", f"/api/jobs/{job}")
            if state["state"] in ("succeeded", "failed", "cancelled"):
                break
            time.sleep(0.5)
        total = time.time() - began
        hwm = status(worker.pid, "VmHWM")
        worker.send_signal(signal.SIGTERM)
        worker.wait(60)
        if state["state"] != "succeeded":
            print(f"{rows} rows: job {state['state']}: {state.get('error')}", flush=True)
            print(open(f"{work}/worker-{rows}.log").read()[-3000:], flush=True)
            continue
        log = open(f"{work}/worker-{rows}.log").read()
        streamed = "streams its" in log
        stages = re.findall(r"stage (\w+) took ([\d.]+) s; peak memory so far (\d+) MB", log)
        print(f"{rows:>9,} x 64: upload {upload_s:6.1f} s, {'streamed' if streamed else 'in memory'}, job {total:6.1f} s, "
              f"worker peak RSS {hwm} MB (after each stage: " + ", ".join(f"{name} {float(sec):.1f} s {mb} MB" for name, sec, mb in stages) + ")",
              flush=True)
        if index:
            # Similar items from the API process: the first query loads the set's vectors and starts loading the
            # stored HNSW index in the background (answered exactly meanwhile); then recall@10 of the index's answers
            # against exact=true for 200 random items, and the time of each.
            began = time.time()
            similar = call("GET", f"/api/jobs/{job}/items/{rows // 2}/similar?k=10")
            print(f"  first similar-items request: {1000 * (time.time() - began):.1f} ms (search: {similar.get('search')})", flush=True)
            while similar.get("search") != "hnsw" and time.time() - began < 600:
                time.sleep(2)
                similar = call("GET", f"/api/jobs/{job}/items/{rows // 2}/similar?k=10")
            print(f"  answered by the HNSW index {time.time() - began:.1f} s after the first request", flush=True)
            rng = np.random.default_rng(11)
            hits, hnsw_ms, exact_ms = 0, [], []
            for item in rng.choice(rows, 200, replace=False):
                began = time.time()
                approximate = call("GET", f"/api/jobs/{job}/items/{item}/similar?k=10")
                hnsw_ms.append(1000 * (time.time() - began))
                began = time.time()
                exact = call("GET", f"/api/jobs/{job}/items/{item}/similar?k=10&exact=true")
                exact_ms.append(1000 * (time.time() - began))
                assert approximate["search"] == "hnsw" and exact["search"] == "exact"
                hits += len({i["itemId"] for i in approximate["items"]} & {i["itemId"] for i in exact["items"]})
            print(f"  recall@10 of the HNSW answers against exact=true, 200 random items: {hits / 2000:.4f}; one client, "
                  f"hnsw p50 {np.percentile(hnsw_ms, 50):.1f} ms p99 {np.percentile(hnsw_ms, 99):.1f} ms, "
                  f"exact p50 {np.percentile(exact_ms, 50):.1f} ms p99 {np.percentile(exact_ms, 99):.1f} ms", flush=True)
            print(f"  API process RSS after serving: {status(api.pid, 'VmRSS')} MB", flush=True)
        call("DELETE", f"/api/jobs/{job}")
        call("DELETE", f"/api/datasets/{dataset}")
finally:
    api.send_signal(signal.SIGTERM)
    api.wait(60)
