#!/usr/bin/env python3
"""Writes every hand-written conformance case under Conformance/cases.

    python3 Conformance/tools/make_cases.py           # write the cases
    python3 Conformance/tools/make_cases.py --check   # exit 1 if a committed case differs from its source

Expected values are typed by hand in cases_*.py from the reference documents; this script only
computes bytes and offsets. Cases recorded by `pexspec probe --record` live beside them and are
not touched.
"""
import filecmp
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import casekit  # noqa: E402
import cases_az  # noqa: E402
import cases_bep10  # noqa: E402
import cases_codec  # noqa: E402
import cases_hazards  # noqa: E402
import cases_ut_pex  # noqa: E402

committed = casekit.ROOT
check = "--check" in sys.argv[1:]
if check:
    casekit.ROOT = tempfile.mkdtemp(prefix="pexspec-cases-")

for module in (cases_bep10, cases_ut_pex, cases_az, cases_hazards, cases_codec):
    module.write()

schema_path = os.path.join(committed, "..", "schema", "transcript.schema.json")
try:
    import jsonschema
except ImportError:
    jsonschema = None
if jsonschema:
    validator = jsonschema.Draft202012Validator(json.load(open(schema_path)))
    for path in casekit.WRITTEN:
        validator.validate(json.load(open(path)))

if check:
    stale = [os.path.relpath(p, casekit.ROOT) for p in casekit.WRITTEN
             if not os.path.exists(os.path.join(committed, os.path.relpath(p, casekit.ROOT)))
             or not filecmp.cmp(p, os.path.join(committed, os.path.relpath(p, casekit.ROOT)), shallow=False)]
    for rel in stale:
        print("differs from its source: Conformance/cases/" + rel)
    print("%d cases checked, %d differ%s" % (len(casekit.WRITTEN), len(stale), ", all valid against the schema" if jsonschema else ""))
    shutil.rmtree(casekit.ROOT)
    sys.exit(1 if stale else 0)
print("%d cases written%s" % (len(casekit.WRITTEN), ", all valid against the schema" if jsonschema else ""))
