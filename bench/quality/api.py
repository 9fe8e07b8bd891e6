"""The few HTTP calls the quality bench makes: uploads (through curl, which streams big files), jobs and results."""
import json
import subprocess
import time
import urllib.error
import urllib.request


class Api:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def _json(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.code} {error.read().decode()[:500]}") from None

    def upload(self, endpoint, files, fields):
        """POST a multipart form to /api/datasets{endpoint}; files and fields are dicts. Returns the dataset."""
        command = ["curl", "-sS", "-w", "\n%{http_code}"]
        for name, path in files.items():
            command += ["-F", f"{name}=@{path}"]
        for name, value in fields.items():
            command += ["-F", f"{name}={value}"]
        output = subprocess.run(command + [f"{self.url}/api/datasets{endpoint}"], check=True,
                                capture_output=True, text=True).stdout
        body, status = output.rsplit("\n", 1)
        if status != "201":
            raise RuntimeError(f"upload to /api/datasets{endpoint}: {status} {body[:500]}")
        return json.loads(body)

    def run_job(self, config, poll_seconds=0.5, timeout_seconds=4 * 3600):
        """Queues a job, waits for its end; returns (job, clusters or None, seconds from POST to the end)."""
        started = time.monotonic()
        job = self._json("POST", "/api/jobs", config)
        while job["state"] in ("queued", "running"):
            if time.monotonic() - started > timeout_seconds:
                raise RuntimeError(f"job {job['id']} still {job['state']} after {timeout_seconds} s")
            time.sleep(poll_seconds)
            job = self._json("GET", f"/api/jobs/{job['id']}")
        seconds = time.monotonic() - started
        clusters = self._json("GET", f"/api/jobs/{job['id']}/clusters") if job["state"] == "succeeded" else None
        return job, clusters, seconds
