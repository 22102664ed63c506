#!/bin/bash -eu
# Builds pexspec's fuzz targets for ClusterFuzzLite / OSS-Fuzz and puts into $OUT, for each
# target <T> of FuzzTargets/Sources/: the binary <T>, <T>_seed_corpus.zip (Corpus/<T>/ and
# Corpus/regressions/<T>/), <T>.dict and <T>.options.
#
# In the base-builder-swift image, `precompile_swift` sets SWIFTFLAGS for $SANITIZER. To check
# this script elsewhere, set SRC (the folder holding pexspec/), OUT and SWIFTFLAGS by hand:
#   SRC=/tmp OUT=/tmp/out SWIFTFLAGS="-Xswiftc -parse-as-library -Xswiftc -static-stdlib \
#     --static-swift-stdlib -Xswiftc -sanitize=fuzzer,address --sanitize=address" bash .clusterfuzzlite/build.sh
# (that SWIFTFLAGS is what precompile_swift exports for SANITIZER=address).
set -euo pipefail
if command -v precompile_swift >/dev/null 2>&1; then
  . precompile_swift
fi
: "${SRC:?SRC must name the folder that holds the repository}"
: "${OUT:?OUT must name the output folder}"
: "${SWIFTFLAGS:?SWIFTFLAGS must hold the Swift sanitizer flags (precompile_swift sets them)}"

repo=${PEXSPEC_SRC:-$SRC/pexspec}
[ -d "$repo" ] || repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
mkdir -p "$OUT"

# Two flags of our own after SWIFTFLAGS. --sanitize=fuzzer, because without it SwiftPM links
# each executable against an entry point <Target>_main that -parse-as-library never defines.
# And one last -Xswiftc -sanitize=fuzzer,<sanitizer>: the compiler keeps only the last
# -sanitize= it is given, and SwiftPM passes --sanitize=fuzzer and --sanitize=address as two, so
# without it the Swift code gets the sanitizer but no coverage instrumentation (SWIFT6_2FLAGS
# alone has that problem on Swift 6.3). Release, as the local runs: several times the executions
# per second of a debug build, and preconditionFailure still traps.
sanitizer=${SANITIZER:-address}
# PEXSPEC_BUILD_CONFIG: release (the default, as ClusterFuzzLite runs it) or debug, which
# ci/oss-fuzz-build-check uses in CI to check the flags in less time.
config=${PEXSPEC_BUILD_CONFIG:-release}
extra=(--sanitize=fuzzer)
[ "$sanitizer" = coverage ] || extra+=(-Xswiftc "-sanitize=fuzzer,$sanitizer")
build=(swift build -c "$config" --package-path FuzzTargets --scratch-path "$repo/.build-oss-fuzz")
# shellcheck disable=SC2086
"${build[@]}" $SWIFTFLAGS "${extra[@]}"
# shellcheck disable=SC2086
bin=$("${build[@]}" $SWIFTFLAGS "${extra[@]}" --show-bin-path)

for dir in FuzzTargets/Sources/*/; do
  target=$(basename "$dir")
  # <T>Structured is <T> with a structure-aware mutator: the same seeds and dictionary.
  corpus=${target%Structured}
  cp "$bin/$target" "$OUT/$target"
  rm -f "$OUT/${target}_seed_corpus.zip"
  # One flat folder (libFuzzer reads the archive's top level); regressions get a prefix so that
  # a regression and a seed of one name stay two files.
  stage=$(mktemp -d)
  for f in "Corpus/$corpus"/*; do [ -f "$f" ] && cp "$f" "$stage/"; done
  for f in "Corpus/regressions/$corpus"/*; do [ -f "$f" ] && cp "$f" "$stage/regression-$(basename "$f")"; done
  seeds=$(find "$stage" -type f | wc -l)
  [ "$seeds" -gt 0 ] && (cd "$stage" && zip -q "$OUT/${target}_seed_corpus.zip" ./*)
  rm -rf "$stage"
  if [ -f "Corpus/$corpus.dict" ]; then
    cp "Corpus/$corpus.dict" "$OUT/$target.dict"
    dict_line="dict = $target.dict"
  else
    dict_line=""
  fi
  cat > "$OUT/$target.options" <<OPTIONS
[libfuzzer]
$dict_line
timeout = 10
rss_limit_mb = 2048
OPTIONS
  echo "build.sh: $target: binary, $seeds seed inputs, dictionary, options"
done
