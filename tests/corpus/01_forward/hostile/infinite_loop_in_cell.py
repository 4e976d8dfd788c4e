"""Loops forever at the top level of a cell, swallowing the interruption.

cell: new
"""
while True:
    try:
        while True:
            pass
    except BaseException:
        continue
