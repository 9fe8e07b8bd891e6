"""A PostgreSQL cluster of the soak's own (initdb in the run's directory, a free port): the soak restarts it, which
must never happen to the machine's shared cluster. As root, initdb and postgres run as the postgres user."""
import glob, os, socket, subprocess, time


class PrivatePostgres:
    def __init__(self, run_dir):
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not candidates:
            raise RuntimeError("No PostgreSQL server binaries under /usr/lib/postgresql; run deploy/postgres.sh first.")
        self.bin = os.path.dirname(candidates[-1])
        self.dir = os.path.join(run_dir, "postgres")
        self.data = os.path.join(self.dir, "data")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        os.makedirs(self.dir)
        if os.geteuid() == 0:
            os.chmod(run_dir, 0o755)
            subprocess.run(["chown", "postgres:postgres", self.dir], check=True)

    def _as_server_user(self, program, *arguments):
        command = [os.path.join(self.bin, program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        if not os.path.exists(self.data):
            self._as_server_user("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        # fsync off: the soak needs a server that restarts, not one that survives a power cut.
        self._as_server_user("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "server.log"), "-w", "-t", "60", "-o",
                             f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                             "start")

    def stop(self):
        self._as_server_user("pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "60", "stop")

    def restart(self, down_seconds):
        """pg_ctl stop -m fast, as a maintenance restart does: every open connection is closed at once."""
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def create_database(self, name):
        self.query(f"CREATE DATABASE {name}", database="postgres")

    def connection_string(self, database):
        return f"Host=127.0.0.1;Port={self.port};Username=postgres;Database={database}"

    def query(self, sql, database="chaos", separator="\t"):
        """The rows of a query as lines (columns joined by the separator), retried while the server restarts."""
        for attempt in range(60):
            result = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                                     "-At", "-F", separator, "-c", sql], capture_output=True, text=True)
            if result.returncode == 0:
                return [line for line in result.stdout.splitlines() if line]
            time.sleep(1)
        raise RuntimeError(f"psql failed: {result.stderr}")
