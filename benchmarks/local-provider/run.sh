#!/usr/bin/env bash
# Cold start and warm throughput of a hello HTTP function on the Faasport local provider, side by side with a bare
# JDK com.sun.net.httpserver hello and Google's Functions Framework invoker 2.0.0 with the same hello, in one run on
# this machine. Usage: benchmarks/local-provider/run.sh [--no-gcf] [N]
# Prints medians of N cold starts and wrk -t2 -c16 -d10s req/s, and the ratios against the goals (cold <= 1.3x bare
# JDK and well under the invoker, warm >= 0.5x the better of the JDK server with -Dsun.net.httpserver.nodelay=true
# and the invoker). The invoker listens on 0.0.0.0, so it and its probes run in a private network namespace that has
# only a loopback interface (needs root and `ip netns`); --no-gcf, or no `ip netns`, skips it and says why.
# M2_REPO=<dir> uses that local Maven repository (for the builds and the jars); BASELINE_DIR=<dir> holding an older
# faasport-provider-local and faasport-runtime-local jar also measures that gateway in the same warm rounds.
set -euo pipefail
GCF=1
if [ "${1:-}" = "--no-gcf" ]; then GCF=0; GCF_WHY="--no-gcf given"; shift; fi
N=${1:-11}
DURATION=${WRK_DURATION:-10s}
ROUNDS=${WRK_ROUNDS:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/benchmarks/local-provider
WORK=$(mktemp -d /tmp/faasport-bench.XXXXXX)
V=0.1.0-SNAPSHOT
M2=${M2_REPO:-$HOME/.m2/repository}/dev/faasport
MVN_REPO=()
if [ -n "${M2_REPO:-}" ]; then MVN_REPO=(-Dmaven.repo.local="$M2_REPO"); fi
BASELINE_DIR=${BASELINE_DIR:-}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
PIDS=()
NS=faasbench-$$
NS_MADE=0
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$NS_MADE" = 1 ]; then ip netns delete "$NS" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# the invoker binds 0.0.0.0: only run it where 0.0.0.0 is nothing but a private loopback
if [ "$GCF" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then GCF=0; GCF_WHY="not root, so no private network namespace for the invoker (it binds 0.0.0.0)"
  elif ! command -v ip >/dev/null; then GCF=0; GCF_WHY="no ip command (iproute2), so no private network namespace for the invoker"
  elif ! ip netns add "$NS" 2>"$WORK/netns.err"; then
    GCF=0; GCF_WHY="ip netns add failed: $(tr '\n' ' ' < "$WORK/netns.err")"
  else
    NS_MADE=1
    ip netns exec "$NS" ip link set lo up
    if [ "$(ip netns exec "$NS" ip -o link show | grep -vc ': lo:')" != 0 ]; then
      echo "network namespace $NS has an interface besides lo, refusing to run the invoker there" >&2; exit 1
    fi
  fi
  if [ "$GCF" = 0 ]; then echo "== Google Functions Framework invoker skipped: $GCF_WHY" >&2; fi
fi

if ! command -v wrk >/dev/null; then
  echo "wrk is missing: installing it from Debian" >&2
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi

LOAD=$(cut -d" " -f1-3 /proc/loadavg)
echo "== building runtime/local and providers/local" >&2
(cd "$ROOT" && mvn -B -q "${MVN_REPO[@]}" -pl runtime/local,providers/local package -DskipTests)
API=$M2/faasport-runtime-api/$V/faasport-runtime-api-$V.jar
COMMON=$M2/faasport-runtime-common/$V/faasport-runtime-common-$V.jar
JSON=$M2/faasport-json/$V/faasport-json-$V.jar
SPI=$M2/faasport-provider-spi/$V/faasport-provider-spi-$V.jar
WORKER=$ROOT/runtime/local/target/faasport-runtime-local-$V.jar
PROVIDER=$ROOT/providers/local/target/faasport-provider-local-$V.jar

mkdir -p "$WORK/pkg/lib" "$WORK/bare" "$WORK/bench" "$WORK/home"
"$JAVAC" --release 17 -d "$WORK/pkg" -cp "$API" "$HERE/Hello.java"
cp "$API" "$COMMON" "$JSON" "$WORKER" "$WORK/pkg/lib/"
printf '%s' '{"set":"bench","functions":[{"name":"hello","handler":"bench.Hello","shape":"HTTP","trigger":{"kind":"http"},"memoryMb":256,"timeoutSeconds":30}]}' > "$WORK/pkg/faasport-functions.json"
(cd "$WORK/pkg" && zip -q -r -X ../hello.zip .)
if [ -n "$BASELINE_DIR" ]; then
  # the same package with the baseline's worker adapter, for the baseline daemon
  cp -r "$WORK/pkg" "$WORK/pkg-base"
  cp "$BASELINE_DIR/faasport-runtime-local-$V.jar" "$WORK/pkg-base/lib/"
  (cd "$WORK/pkg-base" && zip -q -r -X ../hello-base.zip .)
fi
"$JAVAC" --release 17 -d "$WORK/bare" "$HERE/BareHello.java"
"$JAVAC" --release 17 -d "$WORK/bench" "$HERE/Bench.java"
if [ "$GCF" = 1 ]; then
  echo "== fetching Google's Functions Framework invoker 2.0.0 and API 2.0.0 from Maven Central" >&2
  mkdir -p "$WORK/gcf/lib" "$WORK/gcf/fn"
  for a in com.google.cloud.functions.invoker:java-function-invoker:2.0.0 com.google.cloud.functions:functions-framework-api:2.0.0; do
    (cd "$WORK" && mvn -B -q "${MVN_REPO[@]}" dependency:copy -Dartifact="$a" -DoutputDirectory="$WORK/gcf/lib")
  done
  INVOKER=$WORK/gcf/lib/java-function-invoker-2.0.0.jar
  "$JAVAC" --release 17 -d "$WORK/gcf/fn" -cp "$WORK/gcf/lib/functions-framework-api-2.0.0.jar" "$HERE/GcfHello.java"
fi
USER_BYTES=$(du -cb "$WORK"/pkg/bench/*.class | tail -1 | cut -f1)
ADAPTER_BYTES=$(du -cb "$WORK"/pkg/lib/*.jar | tail -1 | cut -f1)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
bench() { "$JAVA" -XX:+UseSerialGC -cp "$WORK/bench" Bench "$@"; }
in_ns() { ip netns exec "$NS" "$@"; }
ns_free_port() { in_ns python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# the documented way to run a function on the invoker
invoker_cmd() { echo "$JAVA" -jar "$INVOKER" --classpath "$WORK/gcf/fn" --target GcfHello --port "$1"; }
wrk_rps() { # url -> req/s (fails on non-2xx answers)
  local out
  if [ "${WRK_NS:-0}" = 1 ]; then out=$(in_ns wrk -t2 -c16 -d"$DURATION" "$1"); else out=$(wrk -t2 -c16 -d"$DURATION" "$1"); fi
  echo "$out" | grep -E "Latency|Requests/sec" | sed "s/^/    /" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from $1" >&2; exit 1; fi
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}

echo "== cold start, bare JDK hello (default JVM options), $N runs" >&2
BARE_PORT=$(free_port)
COLD_BARE=$(bench cold-bare "$N" "$BARE_PORT" "$JAVA" "$WORK/bare" -Dsun.net.httpserver.nodelay=true)
echo "== cold start, bare JDK hello (the worker's JVM options), $N runs" >&2
COLD_BARE_FAST=$(bench cold-bare "$N" "$BARE_PORT" "$JAVA" "$WORK/bare" -Dsun.net.httpserver.nodelay=true \
  -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto)
if [ "$GCF" = 1 ]; then
  # the probe runs in the namespace too, so it reaches the server on the namespace's own loopback
  NS_BARE_PORT=$(ns_free_port)
  echo "== cold start, bare JDK hello (default JVM options) in the network namespace, $N runs" >&2
  COLD_BARE_NS=$(in_ns "$JAVA" -XX:+UseSerialGC -cp "$WORK/bench" Bench cold-bare "$N" "$NS_BARE_PORT" "$JAVA" "$WORK/bare" \
    -Dsun.net.httpserver.nodelay=true)
  NS_GCF_PORT=$(ns_free_port)
  echo "== cold start, Google Functions Framework invoker 2.0.0 hello (default JVM options) in the network namespace, $N runs" >&2
  # shellcheck disable=SC2046
  COLD_GCF=$(in_ns "$JAVA" -XX:+UseSerialGC -cp "$WORK/bench" Bench cold-cmd "$N" "$NS_GCF_PORT" "$WORK/gcf/cold.log" \
    $(invoker_cmd "$NS_GCF_PORT"))
fi

echo "== starting the local runtime" >&2
PORT=$(free_port)
"$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$PROVIDER:$SPI:$COMMON:$JSON:$API:$WORKER" dev.faasport.local.LocalRuntime \
  --port "$PORT" --home "$WORK/home" --idle-seconds 600 > "$WORK/daemon.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 400); do [ -f "$WORK/home/daemon.json" ] && break; sleep 0.025; done
bench deploy "$PORT" "$WORK/home" hello "$WORK/hello.zip" 1 >/dev/null
bench deploy "$PORT" "$WORK/home" hello-wrk "$WORK/hello.zip" 32 >/dev/null
if [ -n "$BASELINE_DIR" ]; then
  echo "== starting the baseline local runtime from $BASELINE_DIR" >&2
  BASE_PORT=$(free_port)
  mkdir -p "$WORK/home-base"
  "$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$BASELINE_DIR/faasport-provider-local-$V.jar:$SPI:$COMMON:$JSON:$API:$BASELINE_DIR/faasport-runtime-local-$V.jar" \
    dev.faasport.local.LocalRuntime --port "$BASE_PORT" --home "$WORK/home-base" --idle-seconds 600 > "$WORK/daemon-base.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 400); do [ -f "$WORK/home-base/daemon.json" ] && break; sleep 0.025; done
  bench deploy "$BASE_PORT" "$WORK/home-base" hello-wrk "$WORK/hello-base.zip" 32 >/dev/null
fi

echo "== cold start, hello on the local provider (request with no warm worker until the response), $N runs" >&2
COLD_LOCAL=$(bench cold-local "$N" "$PORT" "$WORK/home" hello)

echo "== warm: bare JDK hello (nodelay) and the local gateway, alternating, $ROUNDS rounds of wrk -t2 -c16 -d$DURATION" >&2
"$JAVA" -Dsun.net.httpserver.nodelay=true -cp "$WORK/bare" BareHello "$BARE_PORT" &
BARE_PID=$!
PIDS+=($BARE_PID)
until curl -fs "http://127.0.0.1:$BARE_PORT/" >/dev/null; do sleep 0.05; done
if [ "$GCF" = 1 ]; then
  # same server and same wrk, inside the namespace: shows what the namespace itself costs
  # ip netns exec execs the command, so $! is the server's own pid for the cleanup
  ip netns exec "$NS" "$JAVA" -Dsun.net.httpserver.nodelay=true -cp "$WORK/bare" BareHello "$NS_BARE_PORT" &
  PIDS+=($!)
  # shellcheck disable=SC2046
  ip netns exec "$NS" $(invoker_cmd "$NS_GCF_PORT") > "$WORK/gcf/warm.log" 2>&1 &
  PIDS+=($!)
  for u in "http://127.0.0.1:$NS_BARE_PORT/" "http://127.0.0.1:$NS_GCF_PORT/"; do
    up=0
    for _ in $(seq 1 1200); do in_ns curl -fs "$u" >/dev/null && { up=1; break; }; sleep 0.05; done
    [ "$up" = 1 ] || { echo "no answer from $u in the network namespace: $(tail -5 "$WORK/gcf/warm.log")" >&2; exit 1; }
  done
fi
# warm-up: JIT of the servers, and the gateway's pool grows to one worker per concurrent connection
wrk -t2 -c16 -d5s "http://127.0.0.1:$BARE_PORT/" >/dev/null
wrk -t2 -c16 -d5s "http://127.0.0.1:$PORT/fn/hello-wrk/" >/dev/null
wrk -t2 -c16 -d5s "http://127.0.0.1:$PORT/fn/hello-wrk/" >/dev/null
if [ -n "$BASELINE_DIR" ]; then
  wrk -t2 -c16 -d5s "http://127.0.0.1:$BASE_PORT/fn/hello-wrk/" >/dev/null
  wrk -t2 -c16 -d5s "http://127.0.0.1:$BASE_PORT/fn/hello-wrk/" >/dev/null
fi
if [ "$GCF" = 1 ]; then
  in_ns wrk -t2 -c16 -d5s "http://127.0.0.1:$NS_BARE_PORT/" >/dev/null
  in_ns wrk -t2 -c16 -d5s "http://127.0.0.1:$NS_GCF_PORT/" >/dev/null
  in_ns wrk -t2 -c16 -d5s "http://127.0.0.1:$NS_GCF_PORT/" >/dev/null
fi
BARE_RUNS=(); LOCAL_RUNS=(); BARE_NS_RUNS=(); GCF_RUNS=(); BASE_RUNS=()
for _ in $(seq 1 "$ROUNDS"); do
  BARE_RUNS+=("$(wrk_rps "http://127.0.0.1:$BARE_PORT/")")
  LOCAL_RUNS+=("$(wrk_rps "http://127.0.0.1:$PORT/fn/hello-wrk/")")
  if [ -n "$BASELINE_DIR" ]; then BASE_RUNS+=("$(wrk_rps "http://127.0.0.1:$BASE_PORT/fn/hello-wrk/")"); fi
  if [ "$GCF" = 1 ]; then
    BARE_NS_RUNS+=("$(WRK_NS=1 wrk_rps "http://127.0.0.1:$NS_BARE_PORT/")")
    GCF_RUNS+=("$(WRK_NS=1 wrk_rps "http://127.0.0.1:$NS_GCF_PORT/")")
  fi
done
kill "$BARE_PID"; wait "$BARE_PID" 2>/dev/null || true
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
WARM_BARE=$(median "${BARE_RUNS[@]}")
WARM_LOCAL=$(median "${LOCAL_RUNS[@]}")
if [ "$GCF" = 1 ]; then
  WARM_BARE_NS=$(median "${BARE_NS_RUNS[@]}")
  WARM_GCF=$(median "${GCF_RUNS[@]}")
  WARM_BEST=$(python3 -c "print(max($WARM_BARE, $WARM_GCF))")
  WARM_BEST_NAME=$(python3 -c "print('bare JDK nodelay' if $WARM_BARE >= $WARM_GCF else 'Google invoker')")
fi

cat <<REPORT

Faasport local provider benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1))
cold start, median of $N (ms):
  bare JDK httpserver hello, default JVM options : $COLD_BARE
  bare JDK httpserver hello, worker JVM options  : $COLD_BARE_FAST
  local provider hello (no warm worker)          : $COLD_LOCAL
  machine load before the run                    : $LOAD
  ratio local / bare (default options)           : $(ratio "$COLD_LOCAL" "$COLD_BARE")x   (goal <= 1.3x)
$(if [ "$GCF" = 1 ]; then cat <<GCFCOLD
  bare JDK hello, default options, in the netns  : $COLD_BARE_NS   (netns / host $(ratio "$COLD_BARE_NS" "$COLD_BARE")x)
  Google invoker 2.0.0 hello, in the netns       : $COLD_GCF
  ratio local / Google invoker                   : $(ratio "$COLD_LOCAL" "$COLD_GCF")x   (goal: well under 1x)
GCFCOLD
else echo "  Google invoker 2.0.0                           : skipped ($GCF_WHY)"; fi)
warm, wrk -t2 -c16 -d$DURATION, median of $ROUNDS alternating rounds (req/s):
  bare JDK httpserver, nodelay                   : $WARM_BARE   (runs: ${BARE_RUNS[*]})
  local provider gateway                         : $WARM_LOCAL   (runs: ${LOCAL_RUNS[*]})
  ratio local / bare                             : $(ratio "$WARM_LOCAL" "$WARM_BARE")x   (goal >= 0.5x)
$(if [ -n "$BASELINE_DIR" ]; then WARM_BASE=$(median "${BASE_RUNS[@]}"); cat <<BASEWARM
  baseline gateway ($BASELINE_DIR)  : $WARM_BASE   (runs: ${BASE_RUNS[*]})
  ratio local / baseline gateway                 : $(ratio "$WARM_LOCAL" "$WARM_BASE")x
BASEWARM
fi)
$(if [ "$GCF" = 1 ]; then cat <<GCFWARM
  bare JDK httpserver, nodelay, in the netns     : $WARM_BARE_NS   (runs: ${BARE_NS_RUNS[*]}; netns / host $(ratio "$WARM_BARE_NS" "$WARM_BARE")x)
  Google invoker 2.0.0, in the netns             : $WARM_GCF   (runs: ${GCF_RUNS[*]})
  ratio local / Google invoker                   : $(ratio "$WARM_LOCAL" "$WARM_GCF")x
  ratio local / better of the two ($WARM_BEST_NAME) : $(ratio "$WARM_LOCAL" "$WARM_BEST")x   (goal >= 0.5x)
GCFWARM
else echo "  Google invoker 2.0.0                           : skipped ($GCF_WHY)"; fi)
package: user classes $USER_BYTES bytes, adapter jars (runtime-api, -common, -local) $ADAPTER_BYTES bytes (goal < 100 KB)
REPORT
