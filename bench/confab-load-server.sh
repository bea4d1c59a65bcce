#!/usr/bin/env bash
# A Confab instance for load tests (Tsung), beside the harness's Prosody and ejabberd: a copy of the built
# distribution with its own data directory, configured for the harness (see docs/performance.md, "Side by side
# with Prosody and ejabberd (Tsung)").
#
#   bench/confab-load-server.sh setup     copy launcher/target/confab to $CONFAB_BENCH_DIR, write the benchmark
#                                         configuration, start it, provision the accounts (bench/confab-provision.sh)
#   bench/confab-load-server.sh start | stop | restart | status
#   bench/confab-load-server.sh pid       the JVM's PID (also in $CONFAB_BENCH_DIR/server.pid)
#
# Environment (defaults):
#   CONFAB_BENCH_DIR=/tmp/bench-confab   CONFAB_BENCH_PORT=55222   CONFAB_BENCH_DOMAIN=load.test
#   CONFAB_BENCH_HEAP=512m               -Xms = -Xmx, pre-touched, so RSS growth is memory outside the heap
#   CONFAB_BENCH_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 (if present, else $JAVA_HOME, else java on the path)
#   CONFAB_BENCH_JVM_OPTS=               more JVM options, e.g. -XX:StartFlightRecording=filename=/tmp/x.jfr
#
# The benchmark configuration differs from the shipped one only where the harness needs it (every key is also
# commented in the files written below): domain load.test, loopback only, port 55222 without direct TLS,
# STARTTLS offered but not required, SASL PLAIN allowed without TLS (Tsung logs in with PLAIN, plaintext unless
# TLS=1), and the certificate named load.test. Never use this configuration on a network.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${CONFAB_BENCH_DIR:-/tmp/bench-confab}
port=${CONFAB_BENCH_PORT:-55222}
domain=${CONFAB_BENCH_DOMAIN:-load.test}
heap=${CONFAB_BENCH_HEAP:-512m}
if [ -z "${CONFAB_BENCH_JAVA_HOME:-}" ]; then
    if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
        CONFAB_BENCH_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    else
        CONFAB_BENCH_JAVA_HOME=${JAVA_HOME:-}
    fi
fi
export JAVA_HOME=$CONFAB_BENCH_JAVA_HOME
[ -n "$JAVA_HOME" ] || unset JAVA_HOME

die() { echo "confab-load-server.sh: $*" >&2; exit 1; }
pid_of() { [ -s "$dir/server.pid" ] && p=$(cat "$dir/server.pid") && [ -d "/proc/$p" ] && echo "$p"; }

write_config() {
    cat > "$dir/conf/xmpp.sm.cfg" <<CFG
# Load tests: the harness's domain.
xmpp.domain = $domain
CFG
    cat > "$dir/conf/xmpp.tls.cfg" <<CFG
# Load tests: certificate for the harness's domain (generated on first start).
hosts = $domain
CFG
    cat > "$dir/conf/xmpp.c2s.cfg" <<CFG
# Load tests on loopback only: Tsung logs in with SASL PLAIN, without TLS unless TLS=1.
bind.address = 127.0.0.1
# The harness's port for a third server; no direct TLS listener.
port = $port
direct.tls.port = 0
# STARTTLS offered, not required (the peers are configured the same way).
starttls.required = false
# PLAIN without TLS: passwords in the clear, acceptable on loopback only.
allow.unencrypted.plain.auth = true
CFG
}

start() {
    [ -x "$dir/bin/confab" ] || die "no distribution in $dir (run setup)"
    if p=$(pid_of); then echo "confab already running pid $p"; return 0; fi
    ss -ltn "sport = :$port" | grep -q LISTEN && die "port $port busy"
    local opts="-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch ${CONFAB_BENCH_JVM_OPTS:-}"
    # the fd limit of this machine (20000) bounds the sessions; tsung runs under the same limit
    ( ulimit -n 20000 2>/dev/null || true
      cd "$dir" && JAVA_OPTS="$opts" exec setsid bin/confab --no-shell </dev/null >>"$dir/stdout.log" 2>&1 ) &
    local p=$!
    echo "$p" > "$dir/server.pid"   # bin/confab execs java: this is the JVM
    local i
    for i in $(seq 1 120); do
        [ -d "/proc/$p" ] || die "confab exited (see $dir/stdout.log)"
        ss -ltn "sport = :$port" | grep -q LISTEN && break
        sleep 0.5
    done
    ss -ltn "sport = :$port" | grep -q LISTEN || die "confab did not open $port (see $dir/stdout.log)"
    # the listener opens before every plugin is up: wait until the shell answers, then a moment for the rest
    for i in $(seq 1 60); do
        "$dir/bin/confabctl" confab:stats >/dev/null 2>&1 && break
        sleep 0.5
    done
    echo "confab started pid $p on 127.0.0.1:$port (JAVA_HOME=${JAVA_HOME:-}, JAVA_OPTS=$opts)"
}

stop() {
    local p
    p=$(pid_of) || { echo "confab not running"; return 0; }
    kill -TERM "$p"
    local i
    for i in $(seq 1 60); do [ -d "/proc/$p" ] || break; sleep 0.5; done
    [ -d "/proc/$p" ] && kill -KILL "$p"
    rm -f "$dir/server.pid"
    echo "confab (pid $p) stopped"
}

case ${1:-status} in
    setup)
        [ -x "$root/launcher/target/confab/bin/confab" ] \
            || die "build first: (cd $root && mvn -B -q package -DskipTests)"
        if pid_of >/dev/null; then stop; fi
        rm -rf "$dir"
        cp -r "$root/launcher/target/confab" "$dir"
        rm -rf "$dir/data"
        write_config
        start
        "$root/bench/confab-provision.sh" "$dir" "$domain"
        ;;
    start) start ;;
    stop) stop ;;
    restart) stop; start ;;
    pid) pid_of ;;
    status)
        if p=$(pid_of); then
            echo "confab pid=$p port=$port rss_kB=$(awk '/VmRSS/{print $2}' "/proc/$p/status")" \
                 "nofile=$(awk '/open files/{print $4}' "/proc/$p/limits")"
        else
            echo "confab not running"
        fi
        ;;
    *) die "usage: $0 setup|start|stop|restart|pid|status" ;;
esac
