#!/usr/bin/env python3
"""Joins ci/bench's measurements into one table on stdout and bench-out/results.json.

Usage: report.py OUT_DIR LIBTORRENT_VERSION REPETITIONS MIN_TIME ELAPSED_SECONDS
"""
import json
import os
import platform
import sys


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def per_message(value, messages):
    return None if value is None or not messages else value / messages


def fmt(value, digits=1):
    if value is None:
        return "-"
    if abs(value) >= 1e6:
        return f"{value / 1e6:.2f}M"
    return f"{value:,.{digits}f}"


def fuzz_rates(path):
    """exec/s per target from the table ci/fuzz prints last (target runs exec/s cov ft corpus new result)."""
    rates = {}
    if not os.path.exists(path):
        return rates
    columns = None
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields[:3] == ["target", "runs", "exec/s"]:
                columns = fields
                continue
            if columns and len(fields) >= 3:
                try:
                    rates[fields[0]] = float(fields[2])
                except ValueError:
                    pass
    return rates


def main():
    out, version, repetitions, min_time, elapsed = sys.argv[1:6]
    ours = read_lines(os.path.join(out, "ours.jsonl"))
    # A libtorrent line names the pexspec path it is the counterpart of (ours_path: "typed" is
    # the counterpart of a typed parser such as UTPexMessage).
    theirs = {(r["input"], r.get("ours_path", r["path"])): r for r in read_lines(os.path.join(out, "libtorrent.jsonl"))}
    rss = {}
    for r in read_lines(os.path.join(out, "rss.jsonl")):
        growth = max(r["rss_after_kib"] - r["rss_before_kib"], 0) * 1024
        rss[(r["side"], r["input"], r["path"])] = growth / r["bytes"] if r["bytes"] else None

    rows = []
    for r in ours:
        key = (r["input"], r["path"])
        lt = theirs.get(key)
        row = {
            "input": r["input"],
            "path": r["path"],
            "bytes": r["bytes"],
            "messages": r["messages"],
            "ours_mb_per_s": r["mb_per_s"],
            "ours_messages_per_s": r["messages_per_s"],
            "ours_allocations_per_message": per_message(r["allocations_per_pass"], r["messages"]),
            "ours_peak_rss_per_input_byte": rss.get(("ours",) + key),
            "ours_samples_seconds": r["samples"],
            "libtorrent_path": lt["path"] if lt else None,
            "libtorrent_mb_per_s": lt["mb_per_s"] if lt else None,
            "libtorrent_messages_per_s": lt["messages_per_s"] if lt else None,
            "libtorrent_allocations_per_message": per_message(lt["allocations_per_pass"], lt["messages"]) if lt else None,
            "libtorrent_peak_rss_per_input_byte": rss.get(("libtorrent",) + key),
            "libtorrent_samples_seconds": lt["samples"] if lt else None,
        }
        row["ratio"] = row["ours_mb_per_s"] / row["libtorrent_mb_per_s"] if lt else None
        rows.append(row)

    fuzz = fuzz_rates(os.path.join(out, "fuzz.txt"))
    headers = ["input", "path", "ours MB/s", "libtorrent MB/s", "ours/lt", "ours msg/s", "lt msg/s",
               "allocs/msg ours", "allocs/msg lt", "peak RSS/input ours", "peak RSS/input lt"]
    table = [headers]
    for row in rows:
        table.append([
            row["input"], row["path"], fmt(row["ours_mb_per_s"]), fmt(row["libtorrent_mb_per_s"]),
            fmt(row["ratio"], 2), fmt(row["ours_messages_per_s"], 0), fmt(row["libtorrent_messages_per_s"], 0),
            fmt(row["ours_allocations_per_message"], 1), fmt(row["libtorrent_allocations_per_message"], 1),
            fmt(row["ours_peak_rss_per_input_byte"], 2), fmt(row["libtorrent_peak_rss_per_input_byte"], 2),
        ])
    widths = [max(len(line[i]) for line in table) for i in range(len(headers))]
    print(f"pexspec vs libtorrent-rasterbar {version or '(absent)'} bdecode; median of {repetitions} "
          f"repetitions of >= {min_time}s thread CPU time; MB = 10^6 bytes; ci/bench took {elapsed}s")
    print("typed rows: libtorrent's bdecode plus the same fields read out of its bdecode_node (ci/bench-baseline)")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in table[1:]:
        print("| " + " | ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))) + " |")
    if fuzz:
        print()
        print("| fuzz target | exec/s |")
        print("|---|---|")
        for target, rate in sorted(fuzz.items()):
            print(f"| {target} | {fmt(rate, 0)} |")

    results = {
        "libtorrent_version": version or None,
        "repetitions": int(repetitions),
        "min_seconds_per_repetition": float(min_time),
        "clock": "CLOCK_THREAD_CPUTIME_ID",
        "machine": platform.platform(),
        "elapsed_seconds": int(elapsed),
        "rows": rows,
        "fuzz_exec_per_second": fuzz,
    }
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
