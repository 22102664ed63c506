#!/usr/bin/env python3
"""Writes every hand-written conformance case under Conformance/cases.

    python3 Conformance/tools/make_cases.py

Expected values are typed by hand in cases_*.py from the reference documents; this script only
computes bytes and offsets. Cases recorded by `pexspec probe --record` live beside them and are
not touched.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import casekit  # noqa: E402
import cases_az  # noqa: E402
import cases_bep10  # noqa: E402
import cases_hazards  # noqa: E402
import cases_ut_pex  # noqa: E402

for module in (cases_bep10, cases_ut_pex, cases_az, cases_hazards):
    module.write()

schema_path = os.path.join(casekit.ROOT, "..", "schema", "transcript.schema.json")
try:
    import jsonschema
except ImportError:
    jsonschema = None
if jsonschema:
    validator = jsonschema.Draft202012Validator(json.load(open(schema_path)))
    for path in casekit.WRITTEN:
        validator.validate(json.load(open(path)))
print("%d cases written%s" % (len(casekit.WRITTEN), ", all valid against the schema" if jsonschema else ""))
