"""Runs one command and prints one row: exit code, wall time, peak RSS, output size.

    measure.py LABEL TIMEOUT_S MAX_RSS_MB OUT_FILE STDIN_FILE|- -- COMMAND...

The command's standard output goes to OUT_FILE (its size is the "report" column). It is killed
(process group) when it runs past TIMEOUT_S or its resident memory passes MAX_RSS_MB; the row
then says "killed at" the time and memory it had reached. Peak RSS is polled from /proc every
50 ms and taken from getrusage at the end, whichever is larger.
"""
import os, resource, signal, subprocess, sys, time

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def main():
    label, timeout, max_rss, out_path, stdin_path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    command = sys.argv[sys.argv.index("--") + 1:]
    stdin = subprocess.DEVNULL if stdin_path == "-" else open(stdin_path, "rb")
    with open(out_path, "wb") as out:
        start = time.monotonic()
        proc = subprocess.Popen(command, stdin=stdin, stdout=out, stderr=subprocess.PIPE, start_new_session=True)
        peak, killed = 0, None
        while proc.poll() is None:
            peak = max(peak, rss_kb(proc.pid))
            elapsed = time.monotonic() - start
            if elapsed > timeout or peak > max_rss * 1024:
                killed = f"killed at {elapsed:.1f} s, {peak / 1024:.0f} MB"
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(0.05)
        wall = time.monotonic() - start
        stderr = proc.stderr.read().decode(errors="replace").strip().splitlines()
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    size = os.path.getsize(out_path)
    rc = "-" if killed else str(proc.returncode)
    note = killed or (stderr[-1][:80] if stderr and proc.returncode not in (0, 1) else "")
    print(f"{label:<44} {rc:>4} {wall:>8.1f} s {peak / 1024:>8.0f} MB {size:>12,} B  {note}", flush=True)
    return 0

if __name__ == "__main__":
    sys.exit(main())
