"""`python -m npjax run --processes N ...`: N copies of the run on one machine, joined by
`jax.distributed` (the coordinator on localhost), each with its share of the devices.

Every process runs the whole script (JAX's multi-controller model): host work is repeated,
device arrays above `config.shard_threshold` are global arrays over all processes' devices,
and values Python reads are gathered. Only process 0's standard output is shown (the others
print the same lines); another process's standard error is shown when it fails. A failure
of one process stops the others after a grace period: they would wait forever in the next
collective.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time

from ..sharding import ENV_COORDINATOR, ENV_NUM_PROCESSES, ENV_PROCESS_ID

GRACE_SECONDS = 10.0


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(n, run_argv):
    """Start `python -m npjax run <run_argv>` n times as one distributed run; returns the
    exit status (the first failing process's, else 0)."""
    env = dict(os.environ)
    env[ENV_COORDINATOR] = f"127.0.0.1:{_free_port()}"
    env[ENV_NUM_PROCESSES] = str(n)
    env.setdefault("NPJAX_SHARDING", "auto")
    procs, errs = [], []
    try:
        for i in range(n):
            err = None if i == 0 else tempfile.TemporaryFile()
            errs.append(err)
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "npjax", "run", *run_argv],
                env={**env, ENV_PROCESS_ID: str(i)},
                stdin=None if i == 0 else subprocess.DEVNULL,
                stdout=None if i == 0 else subprocess.DEVNULL, stderr=err))
        failed_at = None
        while any(p.poll() is None for p in procs):
            if failed_at is None and any(p.returncode for p in procs):
                failed_at = time.monotonic()
            if failed_at is not None and time.monotonic() - failed_at > GRACE_SECONDS:
                for p in procs:
                    if p.poll() is None:
                        p.kill()
            time.sleep(0.05)
    except KeyboardInterrupt:
        for p in procs:
            if p.poll() is None:
                p.kill()
        raise
    finally:
        for p in procs:
            p.wait()
    status = 0
    for i, (p, err) in enumerate(zip(procs, errs)):
        if p.returncode and i > 0 and err is not None:
            err.seek(0)
            text = err.read().decode(errors="replace")
            for line in text.splitlines():
                print(f"[process {i}] {line}", file=sys.stderr)
        if p.returncode and not status:
            status = p.returncode if p.returncode > 0 else 1
    for err in errs:
        if err is not None:
            err.close()
    return status
