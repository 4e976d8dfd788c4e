"""The grader's side of a conversation with a sandboxed process, over one Unix socket.

Each message is a 4-byte big-endian length and that many bytes of JSON
(`harness.frame`, the one definition for both ends); every request carries
an id that its reply must repeat. Every read and write has a deadline, and
every reply a size limit that is checked on its length header, before a byte
of it is read: a process that says nothing, announces more than its caller
allows ("oversized"), or writes something that is not the awaited reply is
dead to the grader (SandboxDied), whatever it was doing. What a reply says
is checked afterwards by grader.sandbox.replies.
"""

import json
import os
import select
import socket
import time

from grader.sandbox.harness import FRAME_HEADER, frame, frame_length

MAX_CONTROL_BYTES = 64 * 1024  # a cell's outcome, a fork or a sweep: a few dozen bytes


class SandboxDied(Exception):
    """The sandboxed process exited, was killed, garbled its reply or stopped answering."""


class Channel:
    """Requests and replies over a connected socket; `on_close` runs once when the channel closes."""

    def __init__(self, sock, on_close=None):
        self._sock = sock
        self._sock.setblocking(False)
        self._requests = 0
        self._on_close = on_close
        self.closed = False

    def request(self, message, seconds, fds=(), max_reply=MAX_CONTROL_BYTES):
        """Send one request (and file descriptors, if any) and return its reply (at most `max_reply` bytes of
        JSON) within `seconds`."""
        deadline = time.monotonic() + seconds
        self._requests += 1
        data = frame({**message, "id": self._requests})
        if fds:
            self._wait(deadline, write=True)
            try:
                sent = socket.send_fds(self._sock, [data], list(fds))
            except OSError:
                self._die("exited")
            data = data[sent:]
        self._write(data, deadline)
        return self.receive(self._requests, deadline, max_reply)

    def receive(self, request_id, deadline, max_reply=MAX_CONTROL_BYTES):
        """The message with id `request_id`; SandboxDied if none comes, well-formed and within `max_reply`
        bytes, before `deadline`."""
        size = frame_length(self._read(FRAME_HEADER.size, deadline))
        if size > max_reply:
            self._die("oversized")
        try:
            reply = json.loads(self._read(size, deadline))
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            reply = None
        if not isinstance(reply, dict) or reply.get("id") != request_id:
            self._die("garbled")  # something else wrote to the channel (the submission can): a crash
        return reply

    def _wait(self, deadline, write=False):
        fd = self._sock.fileno()
        ready = select.select([] if write else [fd], [fd] if write else [], [], max(0.0, deadline - time.monotonic()))
        if not (ready[1] if write else ready[0]):
            self._die("timeout")

    def _write(self, data, deadline):
        while data:
            self._wait(deadline, write=True)
            try:
                data = data[os.write(self._sock.fileno(), data) :]
            except OSError:
                self._die("exited")

    def _read(self, size, deadline):
        chunks, remaining = [], size
        while remaining:
            self._wait(deadline)
            try:
                chunk = os.read(self._sock.fileno(), min(remaining, 1 << 20))
            except OSError:
                chunk = b""
            if not chunk:
                self._die("exited")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _die(self, how):
        self.close()
        raise SandboxDied(how)

    def close(self):
        """Close the socket and run `on_close` (once)."""
        if self.closed:
            return
        self.closed = True
        self._sock.close()
        if self._on_close is not None:
            self._on_close()
