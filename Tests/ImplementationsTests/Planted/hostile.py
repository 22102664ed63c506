#!/usr/bin/env python3
"""A harness that misbehaves once: pexspec's reference codec (`pexspec serve`) answering every
request but the Nth decode, where it does what MODE says. Used by the tests of fault containment.

    hostile.py MODE N       MODE: crash | hang | garbage | wrong-seq | flood | huge-line | no-start
"""
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
mode, target = sys.argv[1], int(sys.argv[2])
if mode == "no-start":
    sys.exit(3)
# The Nth decode over every start of this harness: a file counts them across restarts.
counter = os.environ.get("HOSTILE_COUNTER")
inner = subprocess.Popen([os.environ.get("PEXSPEC", os.path.join(ROOT, ".build", "debug", "pexspec")), "serve"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def next_count():
    if not counter:
        return 0
    n = int(open(counter).read() or 0) + 1 if os.path.exists(counter) else 1
    open(counter, "w").write(str(n))
    return n


for line in sys.stdin:
    if '"cmd":"decode"' in line.replace(" ", "") and next_count() == target:
        if mode == "crash":
            os._exit(1)
        if mode == "hang":
            time.sleep(3600)
        if mode == "garbage":
            sys.stdout.write("this is not json\n")
        elif mode == "wrong-seq":
            sys.stdout.write('{"seq": 999999, "ok": true, "value": 0, "warnings": []}\n')
        elif mode == "flood":
            while True:
                sys.stdout.write("x" * 65536)
        elif mode == "huge-line":
            sys.stdout.write('{"seq": 1, "pad": "' + "y" * (3 << 20) + '"}\n')
        sys.stdout.flush()
        continue
    inner.stdin.write(line)
    inner.stdin.flush()
    sys.stdout.write(inner.stdout.readline())
    sys.stdout.flush()
