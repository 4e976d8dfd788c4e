"""A class's submissions as the batch keeps them: each student's notebook, and where its verdict and
done-marker live (`.grader/<assignment>/` in the course root). The batch (grader.pipeline.batch) finds
them; a Dask cluster (grader.pipeline.cluster) judges them.
"""

import dataclasses
import hashlib
import os
import pathlib

from grader import course


@dataclasses.dataclass
class Submission:
    """One student's submission and where its verdict and done-marker live."""

    student: str
    notebook: pathlib.Path
    state_dir: pathlib.Path

    @property
    def digest(self) -> str:
        """The sha256 of the file; "missing", or "irregular" for what is not a regular file of its own."""
        if not self.notebook.exists() and not self.notebook.is_symlink():
            return "missing"
        if not self.is_regular_file():
            return "irregular"
        return hashlib.sha256(self.notebook.read_bytes()).hexdigest()

    def is_regular_file(self) -> bool:
        """Whether the notebook is a regular file inside its student's folder, with no link on the way there
        (a link to the solution notebook must not be graded as the student's work)."""
        submitted = os.path.realpath(self.state_dir.parent.parent / "submitted")
        expected = os.path.join(submitted, *self.notebook.parts[-3:])
        return self.notebook.is_file() and os.path.realpath(self.notebook) == expected

    @property
    def label(self) -> str:
        """The file as messages name it, the same wherever it is judged: relative to the course root."""
        return str(self.notebook.relative_to(self.state_dir.parent.parent))

    @property
    def report_path(self) -> pathlib.Path:
        return self.state_dir / f"{self.student}.json"

    @property
    def done_path(self) -> pathlib.Path:
        return self.state_dir / f"{self.student}.done"

    def is_done(self, digest: str) -> bool:
        return self.done_path.exists() and self.done_path.read_text() == digest


def find_submissions(root: pathlib.Path, assignment: str) -> list[Submission]:
    """Every student folder holding this assignment, sorted by student id."""
    state_dir = root / ".grader" / assignment
    return [
        Submission(student, notebook, state_dir)
        for student, notebook in course.submitted_notebooks(root, assignment).items()
    ]
