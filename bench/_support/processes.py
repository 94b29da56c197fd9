"""Signals, stopping child processes, their peak memory, and how busy the rest of the machine was."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import time
from pathlib import Path

# The machine may be shared: wait for it to be quiet before a run, and run again when other work took more
# than OTHER_CPU_WARNING percent of all cores during it.
OTHER_CPU_WARNING = 5.0
QUIET_WAIT_SECONDS = 120


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the script through its `finally` blocks, like Ctrl-C, so servers stop."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)


def ignore_signals() -> None:
    """While cleaning up: a second Ctrl-C or SIGTERM must not leave servers running."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def peak_memory_mb(pid: int) -> float:
    """The largest VmHWM (peak resident memory) of a process and its children, in MB."""
    import psutil

    try:
        root = psutil.Process(pid)
        pids = [pid, *(child.pid for child in root.children(recursive=True))]
    except psutil.NoSuchProcess:
        return 0.0
    peak_kb = 0
    for each in pids:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        peak_kb = max(peak_kb, int(found.group(1)) if found else 0)
    return peak_kb / 1024


class CpuWatch:
    """How busy the machine was with other work during a run (other sessions, tests, steal by the host).

    Busy CPU time of the whole machine minus what the processes under `roots` (and their children), this
    script and its waited-for children used, as a share of all cores. Figures compare only near zero.
    """

    def __init__(self, roots: list[int]):
        self.roots = roots

    def _ours(self) -> dict[int, float]:
        import psutil

        processes = [psutil.Process()]
        for pid in self.roots:
            try:
                root = psutil.Process(pid)
                processes += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        times = {}
        for process in processes:
            try:
                cpu = process.cpu_times()
                times[process.pid] = cpu.user + cpu.system
            except psutil.NoSuchProcess:
                continue
        return times

    @staticmethod
    def _busy() -> float:
        import psutil

        cpu = psutil.cpu_times()
        return cpu.user + cpu.nice + cpu.system + cpu.irq + cpu.softirq + getattr(cpu, "steal", 0.0)

    def wait_until_quiet(self, limit: float = QUIET_WAIT_SECONDS) -> None:
        """Wait (up to `limit` seconds) until the rest of the machine is idle for a second."""
        deadline = time.monotonic() + limit
        told = False
        while time.monotonic() < deadline:
            with self:
                time.sleep(1)
            if self.other_percent <= OTHER_CPU_WARNING:
                return
            if not told:
                busy = f"{self.other_percent:.0f}%"
                print(f"  waiting for a quiet machine (other work: {busy} of the CPU) ...", flush=True)
                told = True

    def __enter__(self):
        self.started, self.busy, self.ours = time.monotonic(), self._busy(), self._ours()
        self.children = resource.getrusage(resource.RUSAGE_CHILDREN)  # e.g. wrk, once it is waited for
        return self

    def __exit__(self, *exc_info):
        elapsed = time.monotonic() - self.started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours = sum(cpu - self.ours.get(pid, 0.0) for pid, cpu in self._ours().items())
        ours += children.ru_utime + children.ru_stime - self.children.ru_utime - self.children.ru_stime
        other = self._busy() - self.busy - ours
        self.other_percent = max(0.0, other) / (elapsed * (os.cpu_count() or 1)) * 100
