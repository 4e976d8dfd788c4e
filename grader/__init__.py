"""The course's hardened auto-grader: `python -m grader grade|autograde|doctor|report|similar`.

Its folders are layers, each importing only from those before it: the
foundation here (`course`, `timings`, `reference`), then `sandbox/`,
`judging/`, `suites/`, `nbgrader_bridge/`, `pipeline/` and `instructor/`;
the commands (`__main__`, `doctor`) and what notebooks and nbgrader name
(`visible`, `inkernel`, `lms`) sit on top. See book/instructors/guide.md.
"""

__version__ = "0.2.0"
