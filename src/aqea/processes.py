"""Which process runs something, and whether that process is still alive (for runs left by a killed process)."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ProcessIdentity:
    """A process on a host; ``started`` (its start time, clock ticks since boot) tells a reused pid apart."""

    host: str
    pid: int
    started: float | None

    def is_gone(self) -> bool:
        """True when this is a process of this host that no longer runs. Another host's: never known gone."""
        if self.host != socket.gethostname():
            return False
        now = _start_time(self.pid)
        if now is None:
            return not pid_exists(self.pid)
        return self.started is not None and now != self.started


def this_process() -> ProcessIdentity:
    return ProcessIdentity(socket.gethostname(), os.getpid(), _start_time(os.getpid()))


def _start_time(pid: int) -> float | None:
    """Field 22 of /proc/<pid>/stat (Linux); None where /proc is missing or the pid does not exist."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return float(stat.rsplit(")", 1)[1].split()[19])  # fields after the command name start at field 3


def pid_exists(pid: int) -> bool:
    """Whether a process with this pid runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        return True
    return True
