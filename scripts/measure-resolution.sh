#!/usr/bin/env bash
# Measures the Python and JS/TS resolvers on a source tree, without an oracle (see
# kernel/src/test/java/dev/vcr/kernel/resolve/ScriptResolutionMeasure.java): per language and role, the share
# of references resolved to workspace definitions / to nothing in the workspace / undecided, the average
# number of candidate definitions with name matching and with the resolver, and a random sample of resolved
# references to check by hand.
#
# Usage: scripts/measure-resolution.sh <tree> [sample-size=100] [seed=42]
# The tree is indexed into a temporary folder; nothing is written into it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tree=$(cd "$1" && pwd)
suffix=${VCR_BUILD_SUFFIX:--measure}
target="kernel/target$suffix"
mvn -B -q -o test-compile -pl kernel -Dvcr.buildSuffix="$suffix"
mvn -B -q -o dependency:build-classpath -pl kernel -Dvcr.buildSuffix="$suffix" \
  -Dmdep.outputFile="$PWD/$target/measure.classpath" -Dmdep.includeScope=test >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp "$target/test-classes:$target/classes:$(cat "$target/measure.classpath")" \
  dev.vcr.kernel.resolve.ScriptResolutionMeasure "$tree" "$work/index" "${2:-100}" "${3:-42}"
