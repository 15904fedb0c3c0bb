"""Runs a program as a child subreaper (Linux PR_SET_CHILD_SUBREAPER): processes orphaned below it — the target
that monit's start program puts in the background — are reparented to it and reaped at once, as a host's init
would (in a container, pid 1 may reap orphans late, and monit then sees a killed target as a zombie, still there).
Usage: python3 subreaper.py PROGRAM [ARGS...]; ends with the program, passing SIGTERM on to it.
"""
import ctypes
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed: errno %d" % ctypes.get_errno())
program = os.fork()
if program == 0:
    os.execv(sys.argv[1], sys.argv[1:])
signal.signal(signal.SIGTERM, lambda signum, frame: os.kill(program, signal.SIGTERM))
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        break
    if pid == program:
        sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
