"""Compares the verdicts of a `pexspec probe --json` report with a checked-in expectation file.

    compare-verdicts.py REPORT.json EXPECTED.json          exit 1 when a verdict changed
    compare-verdicts.py REPORT.json EXPECTED.json --write  (re)write EXPECTED.json from REPORT

A verdict is the case's verdict, with the client's reaction for robustness cases
("pass (disconnects)"), and with what the client did for swarm cases ("observed [5 of 5]"), so a change in behaviour shows even where no profile predicts it.
A fail the profile declares as a known deviation is "fail (known)" (docs/reports.md).

An expected verdict may also be a list: every verdict seen in repeated runs of the same client
version where the client's behaviour depends on timing (libtorrent 2.0.8 sometimes names a
disconnected peer in its next `dropped`, sometimes not). Anything outside the list is a change.
"""
import json, sys

def verdicts(report):
    out = {}
    for case in report["cases"]:
        text = case["verdict"]
        if case.get("known"):
            text += " (known)"
        if "reaction" in case:
            text += f" ({case['reaction']})"
        if "observation" in case:  # swarm cases: what the client did, e.g. "dialled"
            text += f" [{case['observation']}]"
        out[case["id"]] = text
    return out

report_path, expected_path = sys.argv[1], sys.argv[2]
with open(report_path) as f:
    report = json.load(f)
actual = verdicts(report)

if "--write" in sys.argv[3:]:
    with open(expected_path, "w") as f:
        json.dump({"client": report["client"], "profile": report["profile"], "verdicts": actual}, f, indent=2)
        f.write("\n")
    print(f"wrote {expected_path}: {len(actual)} verdicts")
    sys.exit(0)

with open(expected_path) as f:
    expected = json.load(f)
if expected.get("client") != report["client"]:
    print(f"note: client is {report['client']!r}, the expectations were recorded from {expected.get('client')!r}")
changes = []
for case_id in sorted(set(actual) | set(expected["verdicts"])):
    was, now = expected["verdicts"].get(case_id, "(absent)"), actual.get(case_id, "(absent)")
    if now not in (was if isinstance(was, list) else [was]):
        changes.append(f"  {case_id}: expected {was}, got {now}")
if changes:
    print(f"{len(changes)} verdict(s) changed against {expected_path}:")
    print("\n".join(changes))
    sys.exit(1)
print(f"all {len(actual)} verdicts as in {expected_path}")
