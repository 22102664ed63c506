#!/usr/bin/env python3
"""Writes every hand-written conformance case under Conformance/cases and every decode vector
under Conformance/vectors.

    python3 Conformance/tools/make_cases.py           # write the cases and the vectors
    python3 Conformance/tools/make_cases.py --check   # exit 1 if a committed file differs from its source

Expected values are typed by hand in cases_*.py from the documents of Conformance/documents.json; this script only
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
import documents_swift  # noqa: E402
import cases_az  # noqa: E402
import cases_bep10  # noqa: E402
import cases_codec  # noqa: E402
import cases_bep11  # noqa: E402
import cases_bep3  # noqa: E402
import cases_hazards  # noqa: E402
import cases_rows  # noqa: E402
import cases_receiver  # noqa: E402
import cases_ut_pex  # noqa: E402
# The vector modules record their vectors when imported; write_vectors() writes them.
import vectors_azureus  # noqa: E402,F401
import vectors_bencode  # noqa: E402,F401
import vectors_codec  # noqa: E402,F401
import vectors_peerwire  # noqa: E402,F401

committed = casekit.ROOT
committed_vectors = casekit.VECTORS
check = "--check" in sys.argv[1:]
if check:
    scratch = tempfile.mkdtemp(prefix="pexspec-cases-")
    casekit.ROOT = os.path.join(scratch, "cases")
    casekit.VECTORS = os.path.join(scratch, "vectors")

for module in (cases_bep10, cases_ut_pex, cases_az, cases_hazards, cases_receiver, cases_bep11, cases_rows, cases_bep3, cases_codec):
    module.write()
casekit.write_vectors()

schema_path = os.path.join(committed, "..", "schema", "transcript.schema.json")
try:
    import jsonschema
except ImportError:
    jsonschema = None
if jsonschema:
    validator = jsonschema.Draft202012Validator(json.load(open(schema_path)))
    for path in casekit.WRITTEN:
        validator.validate(json.load(open(path)))

documents_current = documents_swift.write(check=check)
if check:
    stale = []
    for written, root, folder, name in ((casekit.WRITTEN, casekit.ROOT, committed, "cases"),
                                        (casekit.VECTORS_WRITTEN, casekit.VECTORS, committed_vectors, "vectors")):
        for path in written:
            rel = os.path.relpath(path, root)
            other = os.path.join(folder, rel)
            if not os.path.exists(other) or not filecmp.cmp(path, other, shallow=False):
                stale.append("Conformance/%s/%s" % (name, rel))
    for rel in stale:
        print("differs from its source: " + rel)
    print("%d cases and %d vector files checked, %d differ%s" % (len(casekit.WRITTEN), len(casekit.VECTORS_WRITTEN), len(stale),
                                                              ", all valid against the schema" if jsonschema else ""))
    shutil.rmtree(scratch)
    sys.exit(1 if stale or not documents_current else 0)
print("Sources/Conformance/Transcript/Documents.swift written")
print("%d cases and %d vector files written%s" % (len(casekit.WRITTEN), len(casekit.VECTORS_WRITTEN),
                                                  ", all valid against the schema" if jsonschema else ""))
