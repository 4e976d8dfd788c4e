"""Judging: the hidden suites' view of a student, and how a cell earns its points.

`student` is the proxy the suites call (a sandbox or, under stock nbgrader,
the kernel itself); `checks` the checks the suites are built from;
`failures` what a failed check says; `credit` the share each category of
check is worth; `judge` runs a suite and scores each test cell; `grade_report`
names the keys of the grade report it goes into (the contract's result object).
"""
