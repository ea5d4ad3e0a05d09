#!/usr/bin/env bash
# Cold start and warm throughput of a hello HTTP function on the Faasport local provider, side by side with a bare
# JDK com.sun.net.httpserver hello, in one run on this machine. Usage: benchmarks/local-provider/run.sh [N]
# Prints medians of N cold starts and wrk -t2 -c16 -d10s req/s, and the ratios against the goals
# (cold <= 1.3x bare JDK, warm >= 0.5x the JDK server with -Dsun.net.httpserver.nodelay=true).
set -euo pipefail
N=${1:-11}
DURATION=${WRK_DURATION:-10s}
ROUNDS=${WRK_ROUNDS:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/benchmarks/local-provider
WORK=$(mktemp -d /tmp/faasport-bench.XXXXXX)
V=0.1.0-SNAPSHOT
M2=${M2_REPO:-$HOME/.m2/repository}/dev/faasport
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "wrk is missing: installing it from Debian" >&2
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi

LOAD=$(cut -d" " -f1-3 /proc/loadavg)
echo "== building runtime/local and providers/local" >&2
(cd "$ROOT" && mvn -B -q -pl runtime/local,providers/local package -DskipTests)
API=$M2/faasport-runtime-api/$V/faasport-runtime-api-$V.jar
COMMON=$M2/faasport-runtime-common/$V/faasport-runtime-common-$V.jar
SPI=$M2/faasport-provider-spi/$V/faasport-provider-spi-$V.jar
WORKER=$ROOT/runtime/local/target/faasport-runtime-local-$V.jar
PROVIDER=$ROOT/providers/local/target/faasport-provider-local-$V.jar

mkdir -p "$WORK/pkg/lib" "$WORK/bare" "$WORK/bench" "$WORK/home"
"$JAVAC" --release 17 -d "$WORK/pkg" -cp "$API" "$HERE/Hello.java"
cp "$API" "$COMMON" "$WORKER" "$WORK/pkg/lib/"
printf '%s' '{"set":"bench","functions":[{"name":"hello","handler":"bench.Hello","shape":"HTTP","trigger":{"kind":"http"},"memoryMb":256,"timeoutSeconds":30}]}' > "$WORK/pkg/faasport-functions.json"
(cd "$WORK/pkg" && zip -q -r -X ../hello.zip .)
"$JAVAC" --release 17 -d "$WORK/bare" "$HERE/BareHello.java"
"$JAVAC" --release 17 -d "$WORK/bench" "$HERE/Bench.java"
USER_BYTES=$(du -cb "$WORK"/pkg/bench/*.class | tail -1 | cut -f1)
ADAPTER_BYTES=$(du -cb "$WORK"/pkg/lib/*.jar | tail -1 | cut -f1)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
bench() { "$JAVA" -XX:+UseSerialGC -cp "$WORK/bench" Bench "$@"; }
wrk_rps() { # url -> req/s (fails on non-2xx answers)
  local out; out=$(wrk -t2 -c16 -d"$DURATION" "$1")
  echo "$out" | grep -E "Latency|Requests/sec" | sed "s/^/    /" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from $1" >&2; exit 1; fi
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}

echo "== cold start, bare JDK hello (default JVM options), $N runs" >&2
BARE_PORT=$(free_port)
COLD_BARE=$(bench cold-bare "$N" "$BARE_PORT" "$JAVA" "$WORK/bare" -Dsun.net.httpserver.nodelay=true)
echo "== cold start, bare JDK hello (the worker's JVM options), $N runs" >&2
COLD_BARE_FAST=$(bench cold-bare "$N" "$BARE_PORT" "$JAVA" "$WORK/bare" -Dsun.net.httpserver.nodelay=true \
  -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto)

echo "== starting the local runtime" >&2
PORT=$(free_port)
"$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$PROVIDER:$SPI:$COMMON:$API:$WORKER" dev.faasport.local.LocalRuntime \
  --port "$PORT" --home "$WORK/home" --idle-seconds 600 > "$WORK/daemon.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 400); do [ -f "$WORK/home/daemon.json" ] && break; sleep 0.025; done
bench deploy "$PORT" "$WORK/home" hello "$WORK/hello.zip" 1 >/dev/null
bench deploy "$PORT" "$WORK/home" hello-wrk "$WORK/hello.zip" 32 >/dev/null

echo "== cold start, hello on the local provider (request with no warm worker until the response), $N runs" >&2
COLD_LOCAL=$(bench cold-local "$N" "$PORT" "$WORK/home" hello)

echo "== warm: bare JDK hello (nodelay) and the local gateway, alternating, $ROUNDS rounds of wrk -t2 -c16 -d$DURATION" >&2
"$JAVA" -Dsun.net.httpserver.nodelay=true -cp "$WORK/bare" BareHello "$BARE_PORT" &
BARE_PID=$!
PIDS+=($BARE_PID)
until curl -fs "http://127.0.0.1:$BARE_PORT/" >/dev/null; do sleep 0.05; done
# warm-up: JIT of both servers, and the gateway's pool grows to one worker per concurrent connection
wrk -t2 -c16 -d5s "http://127.0.0.1:$BARE_PORT/" >/dev/null
wrk -t2 -c16 -d5s "http://127.0.0.1:$PORT/fn/hello-wrk/" >/dev/null
wrk -t2 -c16 -d5s "http://127.0.0.1:$PORT/fn/hello-wrk/" >/dev/null
BARE_RUNS=(); LOCAL_RUNS=()
for _ in $(seq 1 "$ROUNDS"); do
  BARE_RUNS+=("$(wrk_rps "http://127.0.0.1:$BARE_PORT/")")
  LOCAL_RUNS+=("$(wrk_rps "http://127.0.0.1:$PORT/fn/hello-wrk/")")
done
kill "$BARE_PID"; wait "$BARE_PID" 2>/dev/null || true
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
WARM_BARE=$(median "${BARE_RUNS[@]}")
WARM_LOCAL=$(median "${LOCAL_RUNS[@]}")

cat <<REPORT

Faasport local provider benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1))
cold start, median of $N (ms):
  bare JDK httpserver hello, default JVM options : $COLD_BARE
  bare JDK httpserver hello, worker JVM options  : $COLD_BARE_FAST
  local provider hello (no warm worker)          : $COLD_LOCAL
  machine load before the run                    : $LOAD
  ratio local / bare (default options)           : $(python3 -c "print(f'{$COLD_LOCAL/$COLD_BARE:.2f}')")x   (goal <= 1.3x)
warm, wrk -t2 -c16 -d$DURATION, median of $ROUNDS alternating rounds (req/s):
  bare JDK httpserver, nodelay                   : $WARM_BARE   (runs: ${BARE_RUNS[*]})
  local provider gateway                         : $WARM_LOCAL   (runs: ${LOCAL_RUNS[*]})
  ratio local / bare                             : $(python3 -c "print(f'{$WARM_LOCAL/$WARM_BARE:.2f}')")x   (goal >= 0.5x)
package: user classes $USER_BYTES bytes, adapter jars (runtime-api, -common, -local) $ADAPTER_BYTES bytes (goal < 100 KB)
REPORT
