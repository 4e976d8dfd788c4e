"""The instructor's tools after grading: `python -m grader report` (`report`, its figures,
the frequent `causes`) and `python -m grader similar` (`similar`), dispatched by `commands`.
"""
