"""From notebooks to grades: one notebook (`grade`), a class (`batch`), a class on a
Dask cluster (`cluster`), and the warm grader behind `python -m grader grade` (`server`).
"""
