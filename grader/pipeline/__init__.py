"""From notebooks to grades: one notebook (`grade`), a class (`batch`, and its `submissions`),
a class on a Dask cluster (`cluster`), and the warm grader behind `python -m grader grade` (`server`).
"""
