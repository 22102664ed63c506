#!/usr/bin/env bash
# Starts the bencode.py harness (Python, installed by ci/setup from PyPI).
exec python3 "$(dirname "$0")/harness.py" bencode.py
