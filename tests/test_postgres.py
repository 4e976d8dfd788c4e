"""The batch grader against PostgreSQL through nbgrader's `db_url`, with parallel workers.

The test installs Debian's PostgreSQL server if it is missing (as root),
starts it on 127.0.0.1 with a throw-away data directory, points the scratch
course's nbgrader_config.py at it and runs `python -m grader autograde
--jobs 2`.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

import pytest
from nbgrader.api import Gradebook
from test_batch import ASSIGNMENT, autograde, expected_score, make_course

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks


def _postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _unavailable(message):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def postgres_url():
    if _postgres_bin() is None:
        if os.geteuid() != 0:
            _unavailable("PostgreSQL is not installed and installing it needs root: apt-get install postgresql")
        # .ci/run installs it first; here, two test processes may get here at once: wait for dpkg's lock.
        wait = ["-o", "DPkg::Lock::Timeout=900"]
        subprocess.run(["apt-get", *wait, "update", "-qq"], check=True, timeout=900)
        subprocess.run(
            ["apt-get", *wait, "install", "-y", "-qq", "postgresql"],
            check=True,
            timeout=1800,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
        )
    bin_dir = _postgres_bin()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = tempfile.mkdtemp(prefix="grader-pg-")
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(data, user.pw_uid, user.pw_gid)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(
        [*as_postgres, f"{bin_dir}/initdb", "-D", f"{data}/db", "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data}"
    subprocess.run(
        [*as_postgres, f"{bin_dir}/pg_ctl", "-D", f"{data}/db", "-o", options, "-l", f"{data}/log", "-w", "start"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    try:
        subprocess.run(
            [*as_postgres, f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "gradebook"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(
            [*as_postgres, f"{bin_dir}/pg_ctl", "-D", f"{data}/db", "-m", "immediate", "stop"],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(data, ignore_errors=True)


def test_parallel_batch_into_postgresql(postgres_url, tmp_path):
    students = make_course(tmp_path)
    with open(tmp_path / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {postgres_url!r}\n")
    result = autograde(tmp_path, "--no-progress")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "gradebook.db").exists(), "the SQLite default was used instead of PostgreSQL"
    with Gradebook(postgres_url) as gradebook:
        totals = {s.student_id: s.score for s in gradebook.find_assignment(ASSIGNMENT).submissions}
    assert set(totals) == set(students)
    for student, path in students.items():
        assert totals[student] == expected_score(path), student
