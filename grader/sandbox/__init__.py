"""The sandbox: where a submission's code runs, and the only way the grader talks to it.

`launcher` starts the bubblewrap sandbox and its warm zygote; `harness` is
what runs inside (standard library and NumPy only: it is sent in as
source); `channel` frames the conversation and `replies` parses what comes
back, as hostile data; `limits`, `pids`, `seccomp` and `lifetime` are the
walls; `probe` runs a known-good answer through them before anyone is graded.
"""
