#!/usr/bin/env bash
# Confab side by side with Prosody and ejabberd under the same Tsung load, using the team's load harness
# (/work/shared/bench: bench.sh, compare.sh, peers/). See docs/performance.md, "Side by side with Prosody and
# ejabberd (Tsung)".
#
#   bench/tsung-compare.sh setup                       build the distribution, copy the harness, set up the peers
#                                                      and the Confab instance (accounts provisioned)
#   bench/tsung-compare.sh run [-n N] SCENARIO K=V...  compare.sh with Confab as the third server, restarted fresh
#                                                      before each of its runs, e.g. run -n 2 chat C=2000 A=200 R=1000 M=60
#   bench/tsung-compare.sh standard [N]                the standard set: chat, connect C=10000, presence, connect TLS=1
#   bench/tsung-compare.sh warm SCENARIO K=V...        Confab alone, one unrecorded run of the scenario (what STEADY=1 runs)
#   bench/tsung-compare.sh idle C [HOLD_S]             Confab alone: C idle sessions, then heap after a full GC
#                                                      (C > 10000 needs USERS=C bench/confab-provision.sh DIR first)
#
# Environment (defaults):
#   HARNESS_SRC=/work/shared/bench (or ../shared/bench)   the harness, copied to HARNESS=/tmp/tsung-harness
#                                                        (it writes results/ next to itself)
#   SKIP_BUILD=1          setup without `mvn package`
#   WARMUP=1              (compare.sh) unrecorded JIT warm-up before every run, for every server; default here: 1
#   STEADY=1              after each restart, Confab first runs the measured scenario once, unrecorded, so that the
#                         recorded run meets compiled code (the harness's warm-up, 5,000 chat messages, leaves the JIT
#                         compiling through the measured run); the peers need no JIT warm-up. Default 0
#   plus bench/confab-load-server.sh's CONFAB_BENCH_* (port 55222, heap 512m, JDK 25, data in /tmp/bench-confab)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src=${HARNESS_SRC:-}
if [ -z "$src" ]; then
    for c in /work/shared/bench "$root/../shared/bench"; do [ -x "$c/compare.sh" ] && { src=$c; break; }; done
fi
harness=${HARNESS:-/tmp/tsung-harness}
server="$root/bench/confab-load-server.sh"
port=${CONFAB_BENCH_PORT:-55222}
dir=${CONFAB_BENCH_DIR:-/tmp/bench-confab}
export CONFAB_BENCH_PORT=$port CONFAB_BENCH_DIR=$dir
export WARMUP=${WARMUP:-1}

die() { echo "tsung-compare.sh: $*" >&2; exit 1; }

copy_harness() {
    [ -x "$harness/compare.sh" ] && return 0
    [ -n "$src" ] && [ -x "$src/compare.sh" ] || die "harness not found: set HARNESS_SRC"
    cp -r "$src" "$harness"
}

compare() {  # compare.sh [-n N] SCENARIO K=V..., Confab restarted (fresh RSS and GC state) before each of its runs
    copy_harness
    "$harness/peers/peers.sh" start prosody >/dev/null
    "$harness/peers/peers.sh" start ejabberd >/dev/null
    "$server" start >/dev/null
    local restart="$server restart"
    if [ "${STEADY:-0}" = 1 ]; then
        local a=("$@")
        [ "${a[0]:-}" = -n ] && a=("${a[@]:2}")
        restart="$restart && $0 warm ${a[*]}"
    fi
    RESTART_confab="$restart" "$harness/compare.sh" -s "confab:127.0.0.1:$port:$dir/server.pid" "$@"
}

case ${1:-} in
    setup)
        command -v tsung >/dev/null || die "install the load tools first: apt-get install -y tsung prosody ejabberd"
        if [ "${SKIP_BUILD:-0}" != 1 ]; then (cd "$root" && mvn -B -q package -DskipTests); fi
        copy_harness
        [ -f /tmp/load-peers/prosody/provisioned ] || "$harness/peers/peers.sh" setup prosody
        [ -f /tmp/load-peers/ejabberd/provisioned ] || "$harness/peers/peers.sh" setup ejabberd
        "$server" setup
        python3 "$harness/lib/xmpp_smoke.py" 127.0.0.1 "$port" load.test user1 pass1 user2 pass2
        ;;
    run)
        shift
        compare "$@"
        ;;
    warm)
        shift
        [ $# -ge 1 ] || die "warm SCENARIO K=V..."
        copy_harness
        echo "== steady state: one unrecorded run of $* against confab" >&2
        PID=$("$server" pid) KEEP_RAW=0 SMOKE=0 TAG=confab-steady "$harness/bench.sh" confab 127.0.0.1 "$port" load.test "$@" >&2
        ;;
    standard)
        n=${2:-1}
        compare -n "$n" chat C=2000 A=200 R=1000 M=60
        compare -n "$n" connect C=10000 A=200
        compare -n "$n" presence C=2000 A=200 R=200 M=6
        compare -n "$n" connect C=2000 A=200 TLS=1
        ;;
    idle)
        c=${2:?idle C [HOLD_S]}
        hold=${3:-40}
        copy_harness
        "$server" restart >/dev/null
        pid=$("$server" pid)
        jcmd=${CONFAB_BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd
        [ -x "$jcmd" ] || jcmd=jcmd
        sleep 5
        "$jcmd" "$pid" GC.run >/dev/null
        echo "== idle C=$c: before, after a full GC:"
        "$jcmd" "$pid" GC.heap_info | sed 's/^/   /'
        out=$(mktemp)
        # after the plateau marker: full GC and the heap in use, while the sessions are still connected
        ( RUN_DIR_OUT=$out PID=$pid HOLD_S=$hold "$harness/bench.sh" confab 127.0.0.1 "$port" load.test connect \
              C="$c" A=200 TAG="idle-$c" ) &
        b=$!
        for _ in $(seq 1 1200); do
            run=$(cat "$out" 2>/dev/null || true)
            [ -n "$run" ] && grep -q '^plateau' "$run/markers" 2>/dev/null && break
            kill -0 $b 2>/dev/null || break
            sleep 0.5
        done
        sleep 3
        est=$(ss -Htn state established "sport = :$port" | wc -l)
        "$jcmd" "$pid" GC.run >/dev/null
        echo "== idle C=$c: $est established on :$port, after a full GC:"
        "$jcmd" "$pid" GC.heap_info | sed 's/^/   /'
        grep -E 'VmRSS|VmHWM' "/proc/$pid/status" | sed 's/^/   /'
        echo "   largest classes (live objects, after the GC above):"
        "$jcmd" "$pid" GC.class_histogram | sed -n '1,28p' | sed 's/^/   /'
        wait $b
        rm -f "$out"
        ;;
    *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
