#!/usr/bin/python3 -S
"""reaper.py CMD [ARGS...]: runs CMD as a child subreaper that reaps every orphan at once, as init does.

The bench runs under it so that a bot whose parent went away (monit's daemonized bots, an orphaned grandchild, a bot
whose watchdog was killed) is reaped the moment it exits. Without it, such processes go to this machine's pid 1,
which here is a sandbox agent that reaps late: monit then sees the dead bot as a zombie for a couple of cycles,
a delay a real init (systemd) does not add. Exits with CMD's exit code; SIGTERM and SIGINT are passed on to CMD.
"""
import ctypes
import os
import signal
import subprocess
import sys

PR_SET_CHILD_SUBREAPER = 36

if len(sys.argv) < 2:
    sys.stderr.write("usage: reaper.py CMD [ARGS...]\n")
    sys.exit(2)
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.stderr.write("reaper.py: prctl(PR_SET_CHILD_SUBREAPER) failed; running without it\n")
child = subprocess.Popen(sys.argv[1:])
signal.signal(signal.SIGTERM, lambda s, f: child.send_signal(s))
signal.signal(signal.SIGINT, lambda s, f: child.send_signal(s))
code = None
while True:
    try:
        pid, status = os.waitpid(-1, 0)
    except ChildProcessError:
        break
    except InterruptedError:
        continue
    if pid == child.pid:
        code = os.waitstatus_to_exitcode(status)
        break
sys.exit(code if code is None or code >= 0 else 128 - code)
