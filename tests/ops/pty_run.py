"""Run a command on a pseudo-terminal (standard error and output a terminal,
as for a user at a shell) and print everything it wrote, as it came.
usage: pty_run.py COMMAND [ARGS...]; exits with the command's status."""
import os
import pty
import sys

pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
