#!/usr/bin/env bash
# Adds the inputs AFL++ kept for TARGET (findings/TARGET/default/queue) to corpus/TARGET, named by
# content hash, skipping the seeds themselves, files over 16 KiB and anything past 200 files.
set -euo pipefail
target=${1:?usage: import-queue.sh TARGET}
here=$(cd "$(dirname "$0")" && pwd)
queue="$here/findings/$target/default/queue"
corpus="$here/corpus/$target"
for file in "$queue"/id:*; do
  case "$file" in *orig:*) continue ;; esac
  [ "$(stat -c %s "$file")" -le 16384 ] || continue
  [ "$(ls "$corpus" | wc -l)" -lt 200 ] || break
  cp "$file" "$corpus/afl-$(sha1sum "$file" | cut -c1-12)"
done
echo "corpus/$target: $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)"
