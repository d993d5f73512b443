#!/usr/bin/env bash
# Fuzzes one target with AFL++: ./tests/Fuzz/run.sh TARGET MINUTES
# Needs afl-fuzz (Debian package afl++) and the SharpFuzz instrumenter:
#   dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0
# Findings go to tests/Fuzz/findings/TARGET (queue, crashes, hangs, fuzzer_stats); copy the queue
# into tests/Fuzz/corpus/TARGET to keep new seeds, and replay a crash with
#   dotnet tests/Fuzz/out/StreamClassifier.Fuzz.dll TARGET findings/TARGET/default/crashes/id:...
set -euo pipefail

target=${1:?usage: run.sh TARGET MINUTES}
minutes=${2:?usage: run.sh TARGET MINUTES}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
findings="$here/findings/$target"
sharpfuzz=${SHARPFUZZ:-sharpfuzz}

if [ ! -d "$here/corpus/$target" ]; then
  echo "run.sh: no corpus for target '$target'; targets: $(ls "$here/corpus" | tr '\n' ' ')" >&2
  exit 2
fi

# Publish once; instrument the product assemblies (never the harness or the runtime) in place.
if [ ! -f "$out/.instrumented" ]; then
  dotnet publish "$here/StreamClassifier.Fuzz/StreamClassifier.Fuzz.csproj" -c Release -o "$out" --nologo -v quiet
  for assembly in StreamClassifier.Core StreamClassifier.Kafka StreamClassifier.Onnx; do
    "$sharpfuzz" "$out/$assembly.dll"
  done
  touch "$out/.instrumented"
fi

mkdir -p "$findings"
# The .NET host is not an AFL-instrumented binary (SharpFuzz instruments the IL), hence SKIP_BIN_CHECK.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_AUTORESUME=1 DOTNET_TieredPGO=0
afl-fuzz -i "$here/corpus/$target" -o "$findings" -t 10000 -m none -V $((minutes * 60)) \
  -- dotnet "$out/StreamClassifier.Fuzz.dll" "$target"

stats="$findings/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|bitmap_cvg|saved_crashes|saved_hangs) ' "$stats"
