"""Benchmark: the Dask engine's overhead, `autograde --scheduler` on a 2-worker cluster against `--jobs 2` locally.

Builds two scratch copies of the benchmark's class (tools.bench_batch),
grades one with `python -m grader autograde --jobs 2` and the other through
a `dask scheduler` with two `dask worker --nthreads 1` processes on
127.0.0.1 (`--scheduler`, with `--jobs 2` local processes recording),
checks that the scores agree and prints the ratio of the wall times. Then
it times a batch of trivial tasks (10,000 by default) on the same cluster:
the engine's own cost per task. From these and the per-submission stage
medians it prints, on paper, how long 10,000 submissions would take on N
workers.

    python -m tools.bench_cluster [--submissions 100] [--trivial 10000]
"""

import argparse
import json
import operator
import pathlib
import statistics
import sys
import tempfile
import time

from distributed import Client

from tools.bench_batch import ASSIGNMENT, build_class, run, scores
from tools.daskcluster import dask_cluster


def median_stage(root, *stages):
    """Median over submissions of the seconds their verdict files give the named stages (all of them if none)."""
    totals = []
    for path in (root / ".grader" / ASSIGNMENT).glob("*.json"):
        timings = json.loads(path.read_text()).get("timings")
        if timings:
            totals.append(sum(seconds for stage, seconds in timings.items() if not stages or stage in stages))
    return statistics.median(totals) if totals else 0.0


def trivial_tasks(address, count):
    """Seconds per task for `count` no-op tasks submitted at once and gathered (the scheduler's throughput)."""
    with Client(address, set_as_default=False) as client:
        client.gather(client.map(operator.neg, range(100), pure=False))  # connections warm
        start = time.perf_counter()
        client.gather(client.map(operator.neg, range(count), pure=False))
        return (time.perf_counter() - start) / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--trivial", type=int, default=10_000, help="trivial tasks for the engine's overhead")
    args = parser.parse_args()
    n = args.submissions
    with tempfile.TemporaryDirectory() as scratch:
        local, remote = pathlib.Path(scratch, "local"), pathlib.Path(scratch, "cluster")
        build_class(local, n)
        build_class(remote, n)
        with dask_cluster(pathlib.Path(scratch, "logs"), workers=2) as cluster:
            command = [sys.executable, "-m", "grader", "autograde", ASSIGNMENT, "--jobs", "2", "--no-progress"]
            local_seconds, _, _ = run(command, local)
            cluster_seconds, _, _ = run(command + ["--scheduler", cluster.address], remote)
            per_task = trivial_tasks(cluster.address, args.trivial)
        agree = scores(local) == scores(remote)
        judge = median_stage(remote)  # on a worker: everything but the client's recording
        bookkeeping = median_stage(local, "bookkeeping")
    print(f"{n} submissions of {ASSIGNMENT}, wall-clock")
    print(f"--jobs 2 here:                             {local_seconds:8.1f} s")
    print(f"--scheduler (2 dask workers, --jobs 2):    {cluster_seconds:8.1f} s")
    print(f"cluster / local:                           {cluster_seconds / local_seconds:8.2f}")
    print(f"engine overhead per trivial task ({args.trivial} tasks): {per_task * 1000:.2f} ms")
    print(f"median per submission: judged on a worker {judge:.3f} s; recorded by the client {bookkeeping:.3f} s")
    print("on paper, 10,000 submissions (workers judge in parallel; the scheduler hands out tasks one by one;")
    print("the client records with --jobs J processes):")
    for workers in (2, 8, 32, 128):
        for jobs in (2, 8):
            seconds = 10_000 * max(judge / workers, per_task, bookkeeping / jobs)
            print(f"  {workers:>4} workers, --jobs {jobs}: {seconds / 60:6.1f} min")
    print(f"scores agree: {agree}")
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
