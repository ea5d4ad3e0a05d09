#!/usr/bin/env bash
# Event throughput and latency of the Faasport local runtime, in one run on this machine.
# Usage: benchmarks/local-triggers/run.sh [UPLOADS] [LATENCY_SAMPLES] [MESSAGES]   (defaults 2000 200 2000)
# Storage: uploads/s accepted and events/s from upload to the no-op function's completion, latency p50/p99 of one
# upload; queues: drain rate of MESSAGES with batchSize 1 against batchSize 10.
set -euo pipefail
UPLOADS=${1:-2000}
SAMPLES=${2:-200}
MESSAGES=${3:-2000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/benchmarks/local-triggers
WORK=$(mktemp -d /tmp/faasport-trigger-bench.XXXXXX)
V=0.1.0-SNAPSHOT
M2=${M2_REPO:-$HOME/.m2/repository}/dev/faasport
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
RUNTIME_PID=
cleanup() {
  [ -n "$RUNTIME_PID" ] && kill "$RUNTIME_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building runtime/local and providers/local" >&2
(cd "$ROOT" && mvn -B -q -o -pl runtime/local,providers/local package -DskipTests)
API=$M2/faasport-runtime-api/$V/faasport-runtime-api-$V.jar
COMMON=$M2/faasport-runtime-common/$V/faasport-runtime-common-$V.jar
JSON=$M2/faasport-json/$V/faasport-json-$V.jar
SPI=$M2/faasport-provider-spi/$V/faasport-provider-spi-$V.jar
WORKER=$ROOT/runtime/local/target/faasport-runtime-local-$V.jar
PROVIDER=$ROOT/providers/local/target/faasport-provider-local-$V.jar

mkdir -p "$WORK/pkg/lib" "$WORK/home"
"$JAVAC" --release 17 -d "$WORK/pkg" -cp "$API" "$HERE/NoopStorage.java" "$HERE/NoopQueue.java"
cp "$API" "$COMMON" "$JSON" "$WORKER" "$WORK/pkg/lib/"
Q=""
for r in 1 2 3; do for b in 1 10; do
  Q="$Q,{\"name\":\"noop-bench-q$b-r$r\",\"handler\":\"bench.NoopQueue\",\"shape\":\"QUEUE\",\"trigger\":{\"kind\":\"queue\",\"queue\":\"bench-q$b-r$r\",\"batchSize\":$b}}"
done; done
printf '%s' "{\"set\":\"bench\",\"functions\":[{\"name\":\"noop-upload\",\"handler\":\"bench.NoopStorage\",\"shape\":\"STORAGE\",\"trigger\":{\"kind\":\"storage\",\"bucket\":\"bench\"}}$Q]}" \
  > "$WORK/pkg/faasport-functions.json"
(cd "$WORK/pkg" && zip -q -r -X ../noop.zip .)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$PROVIDER:$SPI:$COMMON:$JSON:$API:$WORKER" dev.faasport.local.LocalRuntime \
  --port "$PORT" --home "$WORK/home" --idle-seconds 300 > "$WORK/runtime.log" 2>&1 &
RUNTIME_PID=$!
for _ in $(seq 1 400); do [ -f "$WORK/home/daemon.json" ] && break; sleep 0.05; done

echo "== load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "== disk of the runtime home: $(df -P "$WORK" | tail -1 | awk '{print $1}')"
METRICS_OUT=${METRICS_OUT:-/dev/null}
"$JAVA" -cp "$JSON" "$HERE/TriggerBench.java" "$PORT" "$WORK/home" "$WORK/noop.zip" "$UPLOADS" "$SAMPLES" "$MESSAGES" \
  | tee "$WORK/bench.out" | grep -v "^metrics:" || { tail -30 "$WORK/runtime.log"; exit 1; }
grep "^metrics:" "$WORK/bench.out" > "$METRICS_OUT" || true
