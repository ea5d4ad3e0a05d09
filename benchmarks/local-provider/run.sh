#!/usr/bin/env bash
# Cold start and warm throughput of a hello HTTP function on the Faasport local provider, side by side with a bare
# JDK com.sun.net.httpserver hello and Google's Functions Framework invoker 2.0.0 with the same hello, in one run on
# this machine, and the runtime's hand-written front server (HttpFront) against a Jetty 12 front on the same gateway
# and workers. Usage: benchmarks/local-provider/run.sh [--no-gcf] [--fronts] [N]
# Prints medians of N cold starts and wrk -t2 -c16 -d10s req/s, and the ratios against the goals (cold <= 1.3x bare
# JDK and well under the invoker, warm >= 0.5x the better of the JDK server with -Dsun.net.httpserver.nodelay=true
# and the invoker). The invoker listens on 0.0.0.0, so it and its probes run in a private network namespace that has
# only a loopback interface (needs root and `ip netns`); --no-gcf, or no `ip netns`, skips it and says why.
# M2_REPO=<dir> uses that local Maven repository (for the builds and the jars); BASELINE_DIR=<dir> holding an older
# faasport-provider-local and faasport-runtime-local jar also measures that gateway in the same warm rounds.
# Fronts: the daemon also serves /fn/ through Jetty 12 and Netty 4.1 (JettyFront.java, NettyFront.java: the same
# Gateway.invoke, the same function pools); FRONT_ROUNDS (default 5) rounds of wrk -t2 -cC --latency, each front in
# turn (HttpFront, Jetty, Netty, HttpFront, ...), at each C of FRONT_CONNECTIONS (default "16 256"), with req/s, p50,
# p99, the daemon's CPU per call, the load average before and after every measurement and the ratio of each library
# front to HttpFront per round. FRONT_NETTY=0 leaves Netty out; JETTY_OPTS (e.g. -Dbench.jetty.selectors=2 or
# -Dbench.netty.loops=N) go to the daemon's JVM. --fronts runs only that comparison (no cold starts, no reference servers).
set -euo pipefail
GCF=1
FRONTS_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-gcf) GCF=0; GCF_WHY="--no-gcf given"; shift ;;
    --fronts) FRONTS_ONLY=1; GCF=0; GCF_WHY="--fronts given"; shift ;;
    *) break ;;
  esac
done
N=${1:-11}
DURATION=${WRK_DURATION:-10s}
ROUNDS=${WRK_ROUNDS:-3}
FRONT_ROUNDS=${FRONT_ROUNDS:-5}
FRONT_CONNECTIONS=${FRONT_CONNECTIONS:-16 256}
FRONT_NETTY=${FRONT_NETTY:-1}
JETTY=12.1.13
NETTY=4.1.138.Final
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
echo "== fetching Jetty $JETTY (server, http, io, util), slf4j-api and Netty $NETTY (codec-http and what it needs) from Maven Central for the library fronts" >&2
mkdir -p "$WORK/jetty/lib" "$WORK/jetty/classes"
for a in org.eclipse.jetty:jetty-server:$JETTY org.eclipse.jetty:jetty-http:$JETTY org.eclipse.jetty:jetty-io:$JETTY \
    org.eclipse.jetty:jetty-util:$JETTY org.slf4j:slf4j-api:2.0.17; do
  (cd "$WORK" && mvn -B -q "${MVN_REPO[@]}" dependency:copy -Dartifact="$a" -DoutputDirectory="$WORK/jetty/lib")
done
for a in common buffer transport codec codec-http handler resolver transport-native-unix-common; do
  (cd "$WORK" && mvn -B -q "${MVN_REPO[@]}" dependency:copy -Dartifact="io.netty:netty-$a:$NETTY" -DoutputDirectory="$WORK/jetty/lib")
done
JETTY_CP=$(printf '%s:' "$WORK"/jetty/lib/*.jar)$WORK/jetty/classes
"$JAVAC" --release 17 -d "$WORK/jetty/classes" -cp "$JETTY_CP:$PROVIDER:$SPI:$COMMON:$API:$WORKER" "$HERE/JettyFront.java" \
  "$HERE/NettyFront.java"
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

BARE_PORT=$(free_port)
if [ "$FRONTS_ONLY" = 0 ]; then
echo "== cold start, bare JDK hello (default JVM options), $N runs" >&2
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
fi

echo "== starting the local runtime, with a Jetty 12 front (and a Netty one) on other ports" >&2
PORT=$(free_port)
JETTY_PORT=$(free_port)
FRONT_NAMES=(HttpFront Jetty)
FRONT_PORTS=("$PORT" "$JETTY_PORT")
NETTY_ARGS=()
if [ "$FRONT_NETTY" = 1 ]; then
  NETTY_PORT=$(free_port)
  FRONT_NAMES+=(Netty)
  FRONT_PORTS+=("$NETTY_PORT")
  NETTY_ARGS=(--netty-port "$NETTY_PORT")
fi
# LocalRuntime.start as LocalRuntime.main does (HttpFront on $PORT), plus Jetty on $JETTY_PORT to the same Gateway
# shellcheck disable=SC2086
"$JAVA" -Xmx512m -XX:+UseSerialGC ${JETTY_OPTS:-} -cp "$JETTY_CP:$PROVIDER:$SPI:$COMMON:$JSON:$API:$WORKER" dev.faasport.local.JettyFront \
  --port "$PORT" --jetty-port "$JETTY_PORT" "${NETTY_ARGS[@]}" --home "$WORK/home" --idle-seconds 600 > "$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
PIDS+=($DAEMON_PID)
for _ in $(seq 1 400); do [ -f "$WORK/home/daemon.json" ] && break; sleep 0.025; done
bench deploy "$PORT" "$WORK/home" hello "$WORK/hello.zip" 1 >/dev/null
bench deploy "$PORT" "$WORK/home" hello-wrk "$WORK/hello.zip" 32 >/dev/null
for c in $FRONT_CONNECTIONS; do
  # room for every connection's call at once (calls past maxConcurrency are answered 429)
  bench deploy "$PORT" "$WORK/home" "hello-c$c" "$WORK/hello.zip" $((2 * c)) >/dev/null
done
for p in "${FRONT_PORTS[@]}"; do
  until curl -fs "http://127.0.0.1:$p/fn/hello-wrk/" >/dev/null; do sleep 0.05; done
done
# every front gives the same answers (status and body) to a call and to a call of a missing function as HttpFront
for f in hello-wrk no-such-function; do
  h=$(curl -s -w ' %{http_code}' "http://127.0.0.1:$PORT/fn/$f/x?q=1")
  for k in $(seq 1 $((${#FRONT_PORTS[@]} - 1))); do
    j=$(curl -s -w ' %{http_code}' "http://127.0.0.1:${FRONT_PORTS[$k]}/fn/$f/x?q=1")
    [ "$h" = "$j" ] || { echo "HttpFront and the ${FRONT_NAMES[$k]} front answer /fn/$f differently: '$h' against '$j'" >&2; exit 1; }
  done
done
if [ -n "$BASELINE_DIR" ] && [ "$FRONTS_ONLY" = 0 ]; then
  echo "== starting the baseline local runtime from $BASELINE_DIR" >&2
  BASE_PORT=$(free_port)
  mkdir -p "$WORK/home-base"
  "$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$BASELINE_DIR/faasport-provider-local-$V.jar:$SPI:$COMMON:$JSON:$API:$BASELINE_DIR/faasport-runtime-local-$V.jar" \
    dev.faasport.local.LocalRuntime --port "$BASE_PORT" --home "$WORK/home-base" --idle-seconds 600 > "$WORK/daemon-base.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 400); do [ -f "$WORK/home-base/daemon.json" ] && break; sleep 0.025; done
  bench deploy "$BASE_PORT" "$WORK/home-base" hello-wrk "$WORK/hello-base.zip" 32 >/dev/null
fi

load1() { cut -d" " -f1 /proc/loadavg; }
ms() { # wrk latency (e.g. 812.00us, 1.20ms, 1.05s) -> ms
  python3 -c "import sys; v=sys.argv[1]; u=[(s,f) for s,f in (('us',1e-3),('ms',1.0),('s',1e3),('m',6e4)) if v.endswith(s)][0]; print(f'{float(v[:-len(u[0])])*u[1]:.2f}')" "$1"
}
daemon_ticks() { awk '{print $14 + $15}' "/proc/$DAEMON_PID/stat"; } # user + system CPU of the daemon, in clock ticks
wrk_front() { # connections url -> "req/s p50ms p99ms errors daemon-CPU-us-per-call" (fails on non-2xx answers)
  local out t0 t1
  t0=$(daemon_ticks)
  out=$(wrk -t2 -c"$1" -d"$DURATION" --latency "$2")
  t1=$(daemon_ticks)
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from $2: $(echo "$out" | grep Non-2xx)" >&2; exit 1; fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")" \
    "$(ms "$(echo "$out" | awk '$1 == "99%" {print $2}')") $(echo "$out" | awk '/Socket errors/ {e=$0} END {print (e == "" ? "none" : e)}' | tr ' ' '_')" \
    "$(python3 -c "print(round(($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / $(echo "$out" | awk '/requests in/ {print $1}')))")"
}
FRONT_LINES=()
front_rounds() { # the front comparison: HttpFront and the library fronts in turn, on the same function and workers
  local c fn k i w nf=${#FRONT_NAMES[@]}
  for c in $FRONT_CONNECTIONS; do
    fn="fn/hello-c$c/"
    echo "== fronts at $c connections: warm-up (the pool grows to one worker per connection), then $FRONT_ROUNDS rounds of wrk -t2 -c$c -d$DURATION, ${FRONT_NAMES[*]} in turn" >&2
    # every worker JVM must be started and JIT-compiled before the rounds: with c workers each gets 1/c of the calls,
    # so a warm-up round lasts 5 + c/16 s per front, and rounds go on (2 to 6) until every front's req/s settled
    # within 15% of its previous warm-up round
    local prev=() now=() settled
    for w in 1 2 3 4 5 6; do
      now=()
      for k in $(seq 0 $((nf - 1))); do
        now+=("$(wrk -t2 -c"$c" -d$((5 + c / 16))s "http://127.0.0.1:${FRONT_PORTS[$k]}/$fn" | awk '/Requests\/sec/ {print $2}')")
      done
      echo "    warm-up $w: ${FRONT_NAMES[*]} ${now[*]} req/s, $(pgrep -c -P "$DAEMON_PID" || true) worker JVMs of the daemon (all functions)" >&2
      settled=0
      if [ "$w" -ge 2 ]; then
        settled=1
        for k in $(seq 0 $((nf - 1))); do
          python3 -c "import sys; sys.exit(0 if abs(${now[$k]:-0}/${prev[$k]:-1}-1) < 0.15 else 1)" || settled=0
        done
      fi
      [ "$settled" = 1 ] && break
      prev=("${now[@]}")
    done
    # per front k: req/s, p99 and CPU per call of every round (space-separated); per library front: ratios to HttpFront
    local rps=() p99=() cpu=() rat=() last=()
    for i in $(seq 1 "$FRONT_ROUNDS"); do
      local line base res l0 l1 f
      line=$(printf '  c%-3s round %d' "$c" "$i")
      base=""
      for k in $(seq 0 $((nf - 1))); do
        l0=$(load1); res=$(wrk_front "$c" "http://127.0.0.1:${FRONT_PORTS[$k]}/$fn"); l1=$(load1)
        read -r -a f <<< "$res"
        [ -n "$base" ] || base=${f[0]}
        rps[$k]+="${f[0]} "; p99[$k]+="${f[2]} "; cpu[$k]+="${f[4]} "
        line+=$(printf '  %s %9s req/s p50 %6s ms p99 %7s ms %4s us CPU/call (load %s -> %s)' "${FRONT_NAMES[$k]}" "${f[0]}" "${f[1]}" "${f[2]}" "${f[4]}" "$l0" "$l1")
        [ "${f[3]}" = none ] || line+="  ${f[3]//_/ }"
        if [ "$k" -gt 0 ]; then last[$k]=$(ratio "${f[0]}" "$base"); rat[$k]+="${last[$k]} "; fi
      done
      for k in $(seq 1 $((nf - 1))); do line+="  ${FRONT_NAMES[$k]}/HttpFront ${last[$k]}x"; done
      echo "$line" >&2
      FRONT_LINES+=("$line")
    done
    for k in $(seq 0 $((nf - 1))); do
      # shellcheck disable=SC2086
      line=$(printf '  c%-3s median    %-9s %9s req/s, p99 %s ms, %s us CPU/call' "$c" "${FRONT_NAMES[$k]}" "$(median ${rps[$k]})" "$(median ${p99[$k]})" "$(median ${cpu[$k]})")
      # shellcheck disable=SC2086
      if [ "$k" -gt 0 ]; then line+="   ratio ${FRONT_NAMES[$k]}/HttpFront: median $(median ${rat[$k]})x (rounds ${rat[$k]% })"; fi
      FRONT_LINES+=("$line")
    done
  done
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

front_report() {
  cat <<FRONTS
fronts: HttpFront (hand-written) against Jetty $JETTY (core API)$([ "$FRONT_NETTY" = 1 ] && echo " and Netty $NETTY (a loop per connection)") on the same daemon,
gateway and workers, wrk -t2 -d$DURATION --latency, $FRONT_ROUNDS rounds per connection count, the fronts in turn; CPU/call is the daemon's own user + system
CPU (front, gateway, pipes to the workers; not the workers nor wrk) per answered call; 1-minute load average around each round:
$(printf '%s\n' "${FRONT_LINES[@]}")
FRONTS
}

if [ "$FRONTS_ONLY" = 1 ]; then
  front_rounds
  cat <<REPORT

Faasport local provider benchmark, fronts only ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1))
machine load before the run: $LOAD, after: $(cut -d" " -f1-3 /proc/loadavg)
$(front_report)
REPORT
  exit 0
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
front_rounds
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
$(front_report)
machine load after the run: $(cut -d" " -f1-3 /proc/loadavg)
REPORT
