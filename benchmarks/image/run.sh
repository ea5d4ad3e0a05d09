#!/usr/bin/env bash
# Image build + push benchmark (issue 10): a function image for linux/amd64 + linux/arm64 pushed to a local
# docker-registry by faasport-image (jib-core): full build into a fresh repository (no layer reuse) against a rebuild
# after a code-only change and with nothing changed, in the same run.
# Usage: benchmarks/image/run.sh [workdir]   (needs the Debian package docker-registry; builds image/ with Maven)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/faasport-image-bench.XXXXXX)}"
mkdir -p "$WORK"
command -v docker-registry >/dev/null || { echo "docker-registry not found, perhaps you should: apt-get install -y docker-registry" >&2; exit 1; }
echo "workdir: $WORK"
# the image module itself, and its classpath; its jars double as the function's dependencies (about 13 MB)
mvn -B -q -f "$ROOT/image/pom.xml" package -DskipTests dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$ROOT/image/target/classes:$(cat "$WORK/cp.txt")"
# the user's classes: the image module's own compiled classes stand in for a function's code
java -cp "$CP" "$HERE/ImageBench.java" "$WORK" "$WORK/cp.txt" "$ROOT/image/target/classes" | tee "$WORK/results.txt"
