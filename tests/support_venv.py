"""Pythons with the course installed elsewhere than its .venv: for the tests of where the grader may live.

grading_venv makes a venv that sees the course's packages through a .pth file
(seconds, not a minute of pip install); installed_course makes a real
`pip install .` of the course, what a cluster worker has. tests/test_environments.py
grades with both; tests/test_cluster.py starts its Dask workers on the installed one.
"""

import pathlib
import shutil
import subprocess
import sys
import sysconfig

from grader import course

COURSE_SITE_PACKAGES = sysconfig.get_paths()["purelib"]


def grading_venv(path, copies=False):
    """A venv at `path` with the course's packages; returns its python (as `bin/python`, like any venv)."""
    subprocess.run(
        [sys._base_executable, "-m", "venv", "--without-pip", *(["--copies"] if copies else []), str(path)],
        check=True,
        capture_output=True,
    )
    python = path / "bin" / "python"
    (site_packages_of(python) / "course_packages.pth").write_text(
        f"import site; site.addsitedir({COURSE_SITE_PACKAGES!r})\n"
    )
    return python


def site_packages_of(python):
    return pathlib.Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )


def installed_course(folder):
    """A real `pip install .` (not editable) of the course into a venv under /tmp; returns its python.

    Built offline with the setuptools pinned in requirements.txt (a venv of Python >= 3.12 has none of its own).
    """
    source = folder / "source"
    for name in ("grader", "bookkit", "solutions"):
        shutil.copytree(course.COURSE_ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("nbgrader_config.py", "pyproject.toml", "README.md"):
        shutil.copy(course.COURSE_ROOT / name, source)
    python = grading_venv(folder / "venv")
    installed = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    shutil.rmtree(source)
    return python
