"""Time the book's build: a clean build, then a rebuild with nothing changed.

    python -m tools.bench_book [--path-output DIR] [--keep] [--book DIR]

Both builds run `jupyter-book build . --path-output DIR --warningiserror
--nitpick --keep-going` in the repository, into a scratch directory (by
default under the system's temporary directory), so `_build` is left alone.
(`--book DIR` times another copy of the book.) The scratch directory is deleted first, so the first build executes every
notebook; the second finds them in its jupyter-cache and Sphinx's
environment, so it should take a small fraction of the first. Exits non-zero
(and shows the end of the build's log) if a build fails.
"""

import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = pathlib.Path(tempfile.gettempdir()) / "activation-course-book-bench"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def jupyter_book():
    """The jupyter-book command of this Python's environment (the course's .venv), else the one on PATH."""
    beside = pathlib.Path(sys.executable).parent / "jupyter-book"
    found = str(beside) if beside.exists() else shutil.which("jupyter-book")
    if not found:
        sys.exit("jupyter-book not found: run `make book` once to set up .venv")
    return found


def build(book, output, log):
    """Build the book into `output`, writing its log to `log`; the wall time in seconds and the log's text."""
    command = [
        jupyter_book(),
        "build",
        ".",
        "--path-output",
        str(output),
        "--warningiserror",
        "--nitpick",
        "--keep-going",
    ]
    start = time.perf_counter()
    with open(log, "w") as stream:
        result = subprocess.run(command, cwd=book, stdout=stream, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    text = ANSI.sub("", pathlib.Path(log).read_text(errors="replace"))
    if result.returncode != 0:
        tail = "\n".join(text.splitlines()[-40:])
        print(
            f"{tail}\n\nbuild failed (exit {result.returncode}) after {seconds:.1f} s: {' '.join(command)}\n"
            f"full log: {log}",
            file=sys.stderr,
        )
        sys.exit(result.returncode)
    return seconds, text


def notebooks(text):
    """How many notebooks a build's log says it executed and how many it took from the cache."""
    return len(re.findall(r"Executed notebook in", text)), len(re.findall(r"Using cached notebook", text))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--path-output",
        type=pathlib.Path,
        default=DEFAULT_OUTPUT,
        help=f"scratch output directory, deleted first (default {DEFAULT_OUTPUT})",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory afterwards")
    parser.add_argument("--book", type=pathlib.Path, default=ROOT, help="the book to build (default: this repository)")
    args = parser.parse_args(argv)
    output = args.path_output.resolve()
    book = args.book.resolve()
    if output in (book, ROOT, book / "_build", ROOT / "_build") or output in book.parents or output in ROOT.parents:
        parser.error(f"refusing to delete {output}: choose a scratch directory")

    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    logs = pathlib.Path(tempfile.mkdtemp(prefix="bench-book-logs-"))
    try:
        clean, clean_log = build(book, output, logs / "clean.log")
        executed, _ = notebooks(clean_log)
        print(f"clean build:   {clean:7.1f} s  (notebooks executed: {executed})", flush=True)
        rebuild, rebuild_log = build(book, output, logs / "rebuild.log")
        executed, cached = notebooks(rebuild_log)
        from_cache = f", from the jupyter-cache: {cached}" if cached else ""
        print(f"rebuild:       {rebuild:7.1f} s  (nothing changed; notebooks executed: {executed}{from_cache})")
        print(f"ratio:         {rebuild / clean:7.3f}  (rebuild / clean build)")
    finally:
        if not args.keep:
            shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(logs, ignore_errors=True)


if __name__ == "__main__":
    main()
