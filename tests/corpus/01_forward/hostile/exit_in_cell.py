"""Calls os._exit in a cell (the grader must not stop).

cell: new
"""
import os

os._exit(0)
