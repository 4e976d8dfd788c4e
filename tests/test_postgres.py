"""The batch grader against PostgreSQL through nbgrader's `db_url`, with parallel workers.

The test installs Debian's PostgreSQL server if it is missing (as root),
starts it on 127.0.0.1 with a throw-away data directory, points the scratch
course's nbgrader_config.py at it and runs `python -m grader autograde
--jobs 2`. (The server is the postgres_url fixture of tests/conftest.py.)
"""

import pytest
from nbgrader.api import Gradebook
from support_course import ASSIGNMENT, autograde, expected_score, make_course

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks


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
