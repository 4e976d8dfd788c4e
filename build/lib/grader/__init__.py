"""The course's hardened auto-grader: `python -m grader grade|autograde|doctor` (see README, "For instructors")."""

__version__ = "0.2.0"
