"""The course's hardened auto-grader: `python -m grader grade|autograde|doctor` (see book/instructors/guide.md, "The instructor's guide")."""

__version__ = "0.2.0"
