"""Chaos soak (issue 18): one API and three worker processes on a private PostgreSQL cluster, a stream of jobs,
SIGKILLs of random workers, PostgreSQL restarts and graceful worker restarts; then every job is checked.
Run through bench/chaos.sh, which builds the service and passes the paths; see --help."""
import argparse, json, os, random, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

from cluster import PrivatePostgres

ROWS, COLS, CLUSTERS = 1200, 12, 4


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Service:
    """One process of the service (API or worker), its output in a log file."""

    def __init__(self, dll, role, connection, log_dir, name, extra_env):
        self.name, self.port = name, free_port()
        env = dict(os.environ, ConnectionStrings__WebClustering=connection, ASPNETCORE_ENVIRONMENT="Development",
                   WebClustering__Roles=role, Logging__LogLevel__Default="Warning", **extra_env)
        self.log_path = os.path.join(log_dir, f"{name}.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(["dotnet", dll, "--urls", f"http://127.0.0.1:{self.port}"], env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.worker_name = f"{socket.gethostname()}:{self.process.pid}"

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/live", timeout=2).read()
                return self
            except Exception:
                time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not come up; see {self.log_path}")


class Api:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method, path, body=None, content_type="application/json", timeout=30):
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def upload_blobs(self, seed):
        rng = random.Random(seed)
        centres = [[rng.uniform(-8, 8) for _ in range(COLS)] for _ in range(CLUSTERS)]
        lines = ["id,label," + ",".join(f"x{j}" for j in range(COLS))]
        for i in range(ROWS):
            c = i % CLUSTERS
            lines.append(f"r{i},c{c}," + ",".join(f"{centres[c][j] + rng.gauss(0, 1):.4f}" for j in range(COLS)))
        boundary = "chaosboundary"
        parts = []
        for name, value in (("name", "chaos-blobs"), ("idColumn", "id"), ("labelColumn", "label")):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="blobs.csv"\r\n'
                     f'Content-Type: text/csv\r\n\r\n' + "\n".join(lines) + f"\r\n--{boundary}--\r\n")
        return self.request("POST", "/api/datasets", "".join(parts).encode(), f"multipart/form-data; boundary={boundary}")["id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dll", required=True, help="WebClustering.Api.dll")
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--kill-every", type=float, default=120, help="seconds between SIGKILLs of a random worker")
    parser.add_argument("--graceful-every", type=float, default=300, help="seconds between graceful restarts of a worker")
    parser.add_argument("--pg-restarts", type=int, default=2)
    parser.add_argument("--in-flight", type=int, default=4, help="jobs kept queued or running")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    run_dir = tempfile.mkdtemp(prefix="wc-chaos-")
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}; load average {os.getloadavg()[0]:.1f}; logs in {run_dir}", flush=True)

    pg = PrivatePostgres(run_dir)
    pg.start()
    pg.create_database("chaos")
    connection = pg.connection_string("chaos")
    worker_env = {"WebClustering__TrainingThreads": "1"}
    api = Service(args.dll, "Api", connection, run_dir, "api", {}).wait_ready()
    client = Api(api.port)
    workers, serial = [], [0]

    def start_worker():
        serial[0] += 1
        worker = Service(args.dll, "Worker", connection, run_dir, f"worker{serial[0]}", worker_env)
        workers.append(worker)
        return worker

    for _ in range(args.workers):
        start_worker()
    for worker in list(workers):
        worker.wait_ready()
    dataset = client.upload_blobs(args.seed)

    submitted, lock, stop = [], threading.Lock(), threading.Event()
    polls, poll_errors = [], {}
    takeovers, kills, graceful, pg_restarts = [], [], [], []
    start = time.time()

    def now():
        return time.time() - start

    def submitter():
        while not stop.is_set():
            try:
                active = sum(1 for j in client.request("GET", "/api/jobs?limit=50")["items"] if j["state"] in ("queued", "running"))
                for _ in range(max(0, args.in_flight - active)):
                    body = {"datasetId": dataset, "model": {"hiddenLayers": [32, 16], "latentDim": 3},
                            "training": {"epochs": args.epochs, "batchSize": 16, "seed": len(submitted) + 1},
                            "clustering": {"algorithm": "kmeans", "k": CLUSTERS}}
                    job = client.request("POST", "/api/jobs", body)
                    with lock:
                        submitted.append(job["id"])
            except Exception:
                pass  # the database may be restarting: submit again on the next round
            stop.wait(2)

    def poller():
        while not stop.is_set():
            with lock:
                job_id = rng.choice(submitted) if submitted else None
            if job_id:
                began = time.perf_counter()
                try:
                    client.request("GET", f"/api/jobs/{job_id}", timeout=10)
                    polls.append(time.perf_counter() - began)
                except urllib.error.HTTPError as error:
                    key = f"{error.code} at {round(now())} s"
                    poll_errors[key] = poll_errors.get(key, 0) + 1
                except Exception as error:
                    key = f"{type(error).__name__} at {round(now())} s"
                    poll_errors[key] = poll_errors.get(key, 0) + 1
            stop.wait(0.1)

    def watch_takeover(job_id, dead_worker, killed_at):
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                job = client.request("GET", f"/api/jobs/{job_id}")
                if job["state"] == "succeeded" or (job["state"] == "running" and job.get("worker") != dead_worker):
                    takeovers.append((job_id, time.time() - killed_at))
                    return
            except Exception:
                pass
            time.sleep(0.25)
        takeovers.append((job_id, float("inf")))

    threads = [threading.Thread(target=submitter, daemon=True), threading.Thread(target=poller, daemon=True)]
    for thread in threads:
        thread.start()
    duration = args.minutes * 60
    pg_at = sorted(duration * (i + 1) / (args.pg_restarts + 1) + 20 for i in range(args.pg_restarts))
    next_kill, next_graceful = args.kill_every, args.graceful_every
    crashes_met = {}  # job id -> kills of its worker and database restarts while it ran
    while now() < duration:
        time.sleep(1)
        if now() >= next_kill:
            next_kill += args.kill_every
            victim = rng.choice(workers)
            held = pg.query(f"SELECT id FROM jobs WHERE state IN ('running', 'queued') AND worker = '{victim.worker_name}'")
            victim.process.kill()
            victim.process.wait()
            killed_at = time.time()
            workers.remove(victim)
            kills.append((round(now()), victim.name, held))
            print(f"{now():7.1f} s  SIGKILL {victim.name} holding {held or 'no job'}", flush=True)
            for job_id in held:
                crashes_met[job_id] = crashes_met.get(job_id, 0) + 1
                threading.Thread(target=watch_takeover, args=(job_id, victim.worker_name, killed_at), daemon=True).start()
            start_worker()
        if now() >= next_graceful:
            next_graceful += args.graceful_every
            victim = rng.choice(workers)
            fresh = start_worker().wait_ready()
            victim.process.terminate()
            code = victim.process.wait()
            workers.remove(victim)
            graceful.append((round(now()), victim.name, code))
            print(f"{now():7.1f} s  SIGTERM {victim.name} (exit {code}); {fresh.name} started", flush=True)
        if pg_at and now() >= pg_at[0]:
            pg_at.pop(0)
            running = pg.query("SELECT id FROM jobs WHERE state IN ('running', 'queued') AND attempts > 0")
            for job_id in running:
                crashes_met[job_id] = crashes_met.get(job_id, 0) + 1
            pg.restart(down_seconds=5)
            pg_restarts.append(round(now()))
            print(f"{now():7.1f} s  PostgreSQL restarted ({len(running)} jobs under way)", flush=True)

    stop.set()
    print(f"{now():7.1f} s  stream stopped; waiting for the jobs under way", flush=True)
    deadline = time.time() + 900
    while time.time() < deadline and pg.query("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')") != ["0"]:
        time.sleep(2)
    ok = report(pg, submitted, crashes_met, kills, graceful, pg_restarts, takeovers, polls, poll_errors, now())
    for process in [api] + workers:
        process.process.terminate()
    for process in [api] + workers:
        try:
            process.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.process.kill()
    pg.stop()
    if ok:
        shutil.rmtree(run_dir, ignore_errors=True)
    sys.exit(0 if ok else 1)


def report(pg, submitted, crashes_met, kills, graceful, pg_restarts, takeovers, polls, poll_errors, elapsed):
    rows = pg.query("""
        SELECT j.id, j.state, j.attempts, j.fence,
               (SELECT count(*) FROM job_embeddings e WHERE e.job_id = j.id),
               (SELECT count(*) FROM job_results r WHERE r.job_id = j.id),
               (SELECT count(*) FROM models m WHERE m.job_id = j.id),
               (SELECT count(*) FROM job_checkpoints c WHERE c.job_id = j.id),
               coalesce(j.error, '')
        FROM jobs j""", separator="|")
    jobs = [r.split("|") for r in rows]
    problems = []
    for job_id, state, attempts, fence, embeddings, results, models, checkpoints, error in jobs:
        if state != "succeeded":
            problems.append(f"{job_id}: {state} {error}")
        elif (int(embeddings), int(results), int(models), int(checkpoints)) != (ROWS, 1, 1, 0):
            problems.append(f"{job_id}: {embeddings} embeddings, {results} results, {models} models, {checkpoints} checkpoints")
        if int(attempts) > 1 + crashes_met.get(job_id, 0):
            problems.append(f"{job_id}: {attempts} attempts after {crashes_met.get(job_id, 0)} crashes")
    missing = set(submitted) - {j[0] for j in jobs}
    problems += [f"{job_id}: submitted but not in the jobs table" for job_id in missing]
    delays = [d for _, d in takeovers]
    print("\n=== chaos soak ===")
    print(f"load average at the end (1/5/15 min): {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"run: {elapsed / 60:.1f} min; jobs: {len(jobs)} ({sum(1 for j in jobs if j[1] == 'succeeded')} succeeded)")
    print(f"SIGKILLs: {len(kills)} ({sum(1 for k in kills if k[2])} holding a job); graceful restarts: {len(graceful)}; "
          f"PostgreSQL restarts: {len(pg_restarts)}")
    print(f"attempts per job: {sorted(collections_count(int(j[2]) for j in jobs).items())}; "
          f"runs per job: {sorted(collections_count(int(j[3]) for j in jobs).items())}")
    print("takeover delays after SIGKILL (s): " + ", ".join(f"{d:.1f}" for d in sorted(delays)))
    print(f"status polls: {len(polls)}, errors {sum(poll_errors.values())}, p50 {percentile(polls, 50) * 1000:.1f} ms, "
          f"p99 {percentile(polls, 99) * 1000:.1f} ms, max {max(polls, default=0) * 1000:.1f} ms")
    print("failed polls (status, second of the run): " + (", ".join(f"{k} x{v}" for k, v in poll_errors.items()) or "none"))
    print("problems: " + ("none" if not problems else f"{len(problems)}\n  " + "\n  ".join(problems[:30])))
    return not problems and all(d < 60 for d in delays)


def collections_count(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return "unknown CPU"


if __name__ == "__main__":
    main()
