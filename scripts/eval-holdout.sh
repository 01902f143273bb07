#!/usr/bin/env bash
# Holdout accuracy benchmark: scores Vcr like scripts/eval-java.sh, but on Java libraries that are NOT the
# kit's development corpora (commons-lang3, commons-collections4), to check that resolution generalises.
# For each corpus it fetches the -sources.jar and compile classpath from Maven Central (through mvn), lays
# it out the way the kit's fetch-corpora.sh does, runs the kit's javac oracle and check-oracle, samples
# queries over all corpora, answers them with Vcr's EvalRunner and prints the kit's score table (by corpus)
# on stdout. Progress and timings go to stderr. A corpus whose oracle does not compile with 0 javac errors
# is dropped, with a note on stderr.
# Needs ../shared/eval (the kit) beside the checkout, mvn, java/javac 17+, python3, unzip.
# Usage: scripts/eval-holdout.sh [extra score args, e.g. --explain 10]
# Env: HOLDOUT_CACHE    all fetched and derived data (default ~/.cache/vcr-eval-holdout; never the kit's cache)
#      HOLDOUT_CORPORA  corpora to run, space-separated (default: commons-io commons-text jsoup guava)
#      N, SEED          symbols sampled per corpus and sample seed (default 200, 1)
#      FORCE=1          redo fetch, oracle, check and sampling even when their outputs exist
#      BASELINE=1       also score the kit's name-match baseline on the same queries (table on stderr)
#      VCR_JAR (default lsp-server/target/vcr.jar), VCR_EVAL_OUT (default target-holdout),
#      VCR_EVAL_KIT (default ../shared/eval), VCR_EVAL_JAVA_OPTS (JVM flags for EvalRunner)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${VCR_EVAL_KIT:-$here/../shared/eval}"
cache="${HOLDOUT_CACHE:-$HOME/.cache/vcr-eval-holdout}"
jar="${VCR_JAR:-$here/lsp-server/target/vcr.jar}"
out="${VCR_EVAL_OUT:-$here/target-holdout}"
N="${N:-200}"; SEED="${SEED:-1}"; FORCE="${FORCE:-0}"
DEP="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# name | groupId:artifactId | versions to try, newest first (the first whose -sources.jar resolves) |
# extra compile deps g:a:v,... (optional/provided deps of the artifact are not transitive)
CORPORA=(
  "commons-io|commons-io:commons-io|2.18.0 2.17.0 2.16.1|"
  "commons-text|org.apache.commons:commons-text|1.13.0 1.12.0|"
  "jsoup|org.jsoup:jsoup|1.18.3 1.18.2 1.18.1|org.jspecify:jspecify:1.0.0"
  "guava|com.google.guava:guava|33.4.0-jre 33.3.1-jre|"
)
wanted="${HOLDOUT_CORPORA:-commons-io commons-text jsoup guava}"

log() { echo "[holdout] $*" >&2; }
die() { log "$*"; exit 1; }
timed() { # label cmd... : runs cmd, logs its wall time, returns its status
  local label="$1" t0="$EPOCHREALTIME" rc=0; shift
  "$@" || rc=$?
  log "$(printf '%-28s %7.1f s' "$label" "$(awk "BEGIN{print $EPOCHREALTIME - $t0}")")"
  return "$rc"
}
mvnq() { # quiet mvn in the current dir; on failure show the errors
  mvn -B -Dstyle.color=never "$@" >"$cache/build/mvn.log" 2>&1 || { grep -E 'ERROR|FAIL' "$cache/build/mvn.log" | head -20 >&2; return 1; }
}
resolver_pom() { # dir g:a:v...  a throwaway pom depending on the given artifacts
  mkdir -p "$1"; local dir="$1" gav g a v; shift
  { echo '<project><modelVersion>4.0.0</modelVersion><groupId>holdout.resolve</groupId><artifactId>resolve</artifactId><version>1</version><dependencies>'
    for gav in "$@"; do IFS=: read -r g a v <<<"$gav"
      echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"; done
    echo '</dependencies></project>'; } >"$dir/pom.xml"
}

fetch() { # name g:a "versions" "extras": lays out workspaces/, deps/, meta/ like the kit's fetch-corpora.sh
  local name="$1" g="${2%%:*}" a="${2#*:}" versions="$3" v="" try src b="$cache/build/$1" ws="$cache/workspaces/$1"
  local extras=(); [ -z "$4" ] || IFS=, read -r -a extras <<<"$4"
  for try in $versions; do
    src="$cache/jars/$a-$try-sources.jar"
    [ -s "$src" ] && { v="$try"; break; }
    resolver_pom "$b" "$g:$a:$try"
    if (cd "$b" && mvnq "$DEP":copy -Dartifact="$g:$a:$try:jar:sources" -DoutputDirectory="$cache/jars"); then v="$try"; break; fi
    log "$g:$a:$try: no sources jar, trying an older version"
  done
  [ -n "$v" ] || die "$g:$a: none of [$versions] has a sources jar"
  # compile classpath = the artifact's transitive compile/runtime deps (+ extras), minus the artifact itself
  resolver_pom "$b" "$g:$a:$v" "${extras[@]}"
  rm -rf "$cache/deps/$name"; mkdir -p "$cache/deps/$name"
  (cd "$b" && mvnq "$DEP":copy-dependencies -DincludeScope=runtime -DoutputDirectory="$cache/deps/$name")
  rm -f "$cache/deps/$name/$a-$v.jar"
  (cd "$b" && mvnq "$DEP":list -DincludeScope=runtime -DexcludeArtifactIds="$a" -DoutputFile="$b/deps.txt")
  find "$cache/deps/$name" -name '*.jar' | sort | paste -sd: - >"$cache/meta/$name.classpath"

  rm -rf "$ws"; mkdir -p "$ws/src/main/java"
  (cd "$ws/src/main/java" && unzip -q -o "$cache/jars/$a-$v-sources.jar" -x 'META-INF/*')
  find "$ws/src/main/java" -name module-info.java -delete           # the oracle compiles in classpath mode
  find "$ws/src/main/java" -type f ! -name '*.java' -delete          # Java-only tree
  { echo "<project><modelVersion>4.0.0</modelVersion><groupId>eval.corpus</groupId><artifactId>$name</artifactId><version>$v</version>"
    echo '<properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties><dependencies>'
    { grep -E '^\s+[^ ]+:[^ ]+:jar:' "$b/deps.txt" || true; } | awk '{print $1}' | while IFS=: read -r dg da _ dv _; do
      echo "<dependency><groupId>$dg</groupId><artifactId>$da</artifactId><version>$dv</version></dependency>"; done
    echo '</dependencies></project>'; } >"$ws/pom.xml"

  # counts; a file that is not valid UTF-8 (commons-text declares ISO-8859-1) is transcoded from
  # ISO-8859-1, so that the oracle (javac, UTF-8) and Vcr read the characters its build would
  local counts; counts="$(python3 - "$ws/src/main/java" <<'PY'
import io, os, sys
f = l = nb = 0
for root, _, names in os.walk(sys.argv[1]):
    for n in names:
        p = os.path.join(root, n); b = open(p, "rb").read(); f += 1
        try: text = b.decode("utf-8")
        except UnicodeDecodeError:
            text = b.decode("iso-8859-1"); open(p, "wb").write(text.encode("utf-8"))
            print(f"transcoded from ISO-8859-1: {os.path.relpath(p, sys.argv[1])}", file=sys.stderr)
        lines = io.StringIO(text, newline=None).readlines(); l += len(lines); nb += sum(1 for x in lines if x.strip())
print(f'"files":{f},"lines":{l},"nonblank":{nb}')
PY
)"
  printf '{"corpus":"%s","groupId":"%s","artifactId":"%s","version":"%s","workspace":"%s","classpath":"%s",%s}\n' \
    "$name" "$g" "$a" "$v" "$ws" "$cache/meta/$name.classpath" "$counts" >"$cache/meta/$name.json"
  log "$name $v: $counts, $(tr : '\n' <"$cache/meta/$name.classpath" | grep -c . || true) classpath jars"
}

javac_errors() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["javacErrors"])' "$1"; }

# ---------------------------------------------------------------------------------------------------
[ "$(readlink -m "$cache")" != "$(readlink -m "$HOME/.cache/vcr-eval")" ] || die "HOLDOUT_CACHE must not be the kit's cache"
[ -f "$jar" ] || die "no $jar (build it, or set VCR_JAR)"
mkdir -p "$cache"/{workspaces,deps,meta,jars,build,oracle,queries,results} "$out"
export EVAL_CACHE="$cache"      # the kit's scripts read and write only here
log "cache $cache, jar $jar, out $out"

ok=()
for row in "${CORPORA[@]}"; do
  IFS='|' read -r name ga versions extras <<<"$row"
  [[ " $wanted " == *" $name "* ]] || continue
  if [ "$FORCE" = 1 ] || [ ! -f "$cache/meta/$name.json" ]; then
    timed "fetch $name" fetch "$name" "$ga" "$versions" "$extras"
  fi
  stats="$cache/oracle/$name/stats.json"
  if [ "$FORCE" = 1 ] || [ ! -f "$stats" ]; then
    rm -rf "$cache/oracle/$name"
    if ! timed "oracle $name" "$kit/java-oracle.sh" "$name" 2>&1 | tee "$cache/oracle/$name.log" >&2; then
      log "DROP $name: oracle failed ($(grep -o 'javac errors: [0-9]*' "$cache/oracle/$name.log" || echo 'see log'))"
      continue
    fi
  fi
  errs="$(javac_errors "$stats")"
  [ "$errs" = 0 ] || { log "DROP $name: $errs javac errors in $stats"; continue; }
  if [ "$FORCE" = 1 ] || [ ! -f "$cache/oracle/$name/check.txt" ]; then
    timed "check-oracle $name" "$kit/check-oracle" --oracle "$cache/oracle/$name" --workspace "$cache/workspaces/$name" \
      >"$cache/oracle/$name/check.tmp" || { cat "$cache/oracle/$name/check.tmp" >&2; die "check-oracle $name failed"; }
    mv "$cache/oracle/$name/check.tmp" "$cache/oracle/$name/check.txt"
  fi
  ok+=("$name")
done
[ ${#ok[@]} -gt 0 ] || die "no corpus left"

queries="$cache/queries/java.queries.jsonl"
oracles=() wss=() syms=()
for c in "${ok[@]}"; do
  oracles+=(--oracle "$c=$cache/oracle/$c"); wss+=(--workspace "$c=$cache/workspaces/$c")
  syms+=(--symbols "$c=$cache/oracle/$c/symbols.jsonl")
done
sig="${ok[*]} n=$N seed=$SEED"   # resample when the corpus set or the sample parameters change
if [ "$FORCE" = 1 ] || [ ! -f "$queries" ] || [ "$(cat "$queries.sig" 2>/dev/null)" != "$sig" ]; then
  timed "sample-queries" "$kit/sample-queries" "${oracles[@]}" --n "$N" --seed "$SEED" --out "$queries" >&2
  echo "$sig" >"$queries.sig"
fi

: >"$out/vcr.results.jsonl"
for c in "${ok[@]}"; do
  timed "vcr $c" java ${VCR_EVAL_JAVA_OPTS:-} -cp "$jar" dev.vcr.lsp.eval.EvalRunner --queries "$queries" \
    --root "$cache/workspaces/$c" --corpus "$c" --out "$out/$c.results.jsonl" --index-dir "$out/index-$c" >&2
  cat "$out/$c.results.jsonl" >>"$out/vcr.results.jsonl"
done

if [ "${BASELINE:-0}" = 1 ]; then
  # the baseline skips every directory whose path contains "/." (so all of ~/.cache): give it a symlink
  ln -sfn "$cache/workspaces" "$out/workspaces"
  base="$cache/results/java.name-match.jsonl" bws=()
  for c in "${ok[@]}"; do bws+=(--workspace "$c=$out/workspaces/$c"); done
  timed "name-match-baseline" "$kit/name-match-baseline" --queries "$queries" "${bws[@]}" "${syms[@]}" --out "$base" >&2
  "$kit/score" --queries "$queries" --results "$base" --label holdout-name-match-baseline --by corpus >&2
fi
"$kit/score" --queries "$queries" --results "$out/vcr.results.jsonl" --label vcr-holdout --by corpus "${wss[@]}" "$@"
