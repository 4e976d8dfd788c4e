"""A real Dask cluster on 127.0.0.1 for the tests and the benchmark: `python -m dask scheduler|worker` processes.

The workers run with one thread each, as the recipes of book/instructors/cluster.md start them,
from the filesystem root (so the course is found from the installed
package, not the working directory). Everything started is killed at exit.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time

import psutil

from tools.notebooks import venv_environment

START_SECONDS = 120


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DaskCluster:
    """A scheduler and its workers; `address` is what `--scheduler` takes."""

    def __init__(self, log_dir, python=sys.executable):
        self.log_dir = log_dir
        self.python = str(python)  # the workers' interpreter: e.g. a venv with the course installed by pip install .
        log_dir.mkdir(parents=True, exist_ok=True)
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes = []
        self._start(
            "scheduler",
            ["scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1], "--no-dashboard"],
        )

    def _start(self, name, arguments, env=None):
        log = open(self.log_dir / f"{name}-{len(self.processes)}.log", "w")
        process = subprocess.Popen(
            [self.python, "-m", "dask", *arguments],
            cwd="/",
            env=env or venv_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def add_worker(self, env=None, wait=True):
        """Start `dask worker ADDRESS --nthreads 1` (with a nanny) and, unless told not to, wait until it joined."""
        before = self.workers()
        process = self._start("worker", ["worker", self.address, "--nthreads", "1", "--no-dashboard"], env)
        deadline = time.monotonic() + START_SECONDS
        while wait and len(self.workers()) <= len(before):
            assert process.poll() is None and time.monotonic() < deadline, "the dask worker did not join"
            time.sleep(0.5)
        return process

    def workers(self):
        """The addresses of the workers the scheduler knows now."""
        from distributed import Client

        with Client(self.address, timeout=START_SECONDS, set_as_default=False) as client:
            return sorted(client.scheduler_info(n_workers=-1)["workers"])

    def kill_a_worker_process(self, nanny):
        """kill -9 the worker process under `nanny` (the nanny then starts a new one, as in production)."""
        workers = [
            child for child in psutil.Process(nanny.pid).children() if "spawn_main" in " ".join(child.cmdline())
        ]  # not multiprocessing's resource tracker
        assert len(workers) == 1, "the nanny has no worker process"
        os.kill(workers[0].pid, signal.SIGKILL)

    def stop(self):
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


@contextlib.contextmanager
def dask_cluster(log_dir, workers=2, python=sys.executable):
    cluster = DaskCluster(log_dir, python)
    try:
        for _ in range(workers):
            cluster.add_worker()
        yield cluster
    finally:
        cluster.stop()
