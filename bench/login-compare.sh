#!/usr/bin/env bash
# CPU per login (STARTTLS + SASL + bind) of Confab beside Prosody and ejabberd, with bench/login/LoginBench.java
# (method and results: bench/login/README.md). Tsung logs in with PLAIN only; this driver speaks SCRAM.
#
#   bench/login-compare.sh setup          start the harness's peers (plaintext storage, the harness default),
#                                         set up and start a second pair that hashes (below), start Confab
#   bench/login-compare.sh run [OPT...]   one LoginBench run against all servers, e.g.
#                                           run --repeat=3 --n=1000 --rate=50          (SCRAM-SHA-1)
#                                           run --mech=PLAIN --repeat=3                (PLAIN for comparison)
#                                           run --mech=SCRAM-SHA-256 --servers=confab  (only Confab offers it here)
#   bench/login-compare.sh stop-hashed    stop the hashing pair (the harness's own peers are left running)
#
# Servers (all on loopback, domain load.test, accounts user<N> / pass<N>):
#   prosody-internal_plain   127.0.0.1:35222  the harness's Prosody (/tmp/tsung-harness/peers/peers.sh), PEER_AUTH=plain
#   ejabberd-plain           127.0.0.1:45222  the harness's ejabberd, auth_password_format: plain
#   prosody-internal_hashed  127.0.0.1:35223  same harness scripts, PEER_ROOT=/tmp/login-peers PEER_AUTH=hashed
#                                             (SCRAM-SHA-1 keys, 10,000 iterations), PEER_USERS=3000
#   ejabberd-scram           127.0.0.1:45223  same, auth_password_format: scram (SHA-1, 4,096 iterations)
#   confab                   127.0.0.1:55222  bench/confab-load-server.sh (/tmp/bench-confab; SCRAM-SHA-1 and
#                                             -256 keys, 4,096 iterations)
# The plaintext stores pick a new salt per SCRAM login and run PBKDF2 (4,096 iterations) for it; the hashed
# ones run no KDF for SCRAM, and PBKDF2 for PLAIN. The hashing pair copies nothing from and writes nothing to
# /work/shared: it runs the harness copy's peers.sh with another PEER_ROOT and ports.
#
# Environment: HARNESS=/tmp/tsung-harness  HASHED_ROOT=/tmp/login-peers  JAVA=temurin 25 if present
#   SERVERS=comma list of the names above (default all that are running); --servers=... does the same
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
harness=${HARNESS:-/tmp/tsung-harness}
hashed=${HASHED_ROOT:-/tmp/login-peers}
peers="$harness/peers/peers.sh"
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$java" ] || java=java
confab_dir=${CONFAB_BENCH_DIR:-/tmp/bench-confab}

die() { echo "login-compare.sh: $*" >&2; exit 1; }
hashed_env() { env PEER_ROOT="$hashed" PROSODY_PORT=35223 EJABBERD_PORT=45223 PEER_AUTH=hashed \
                   PEER_USERS=3000 PEER_ROSTER_USERS=0 "$@"; }

# name:host:port:pidfile of every known server
all_servers() {
    echo "prosody-internal_plain:127.0.0.1:35222:/tmp/load-peers/prosody/server.pid"
    echo "ejabberd-plain:127.0.0.1:45222:/tmp/load-peers/ejabberd/server.pid"
    echo "prosody-internal_hashed:127.0.0.1:35223:$hashed/prosody/server.pid"
    echo "ejabberd-scram:127.0.0.1:45223:$hashed/ejabberd/server.pid"
    echo "confab:127.0.0.1:55222:$confab_dir/server.pid"
}

running() {  # the pid file names a live process
    local f=${1##*:}
    [ -s "$f" ] && [ -d "/proc/$(cat "$f")" ]
}

case ${1:-} in
    setup)
        [ -x "$peers" ] || die "no harness copy in $harness: run bench/tsung-compare.sh setup first"
        "$peers" start prosody
        "$peers" start ejabberd
        [ -f "$hashed/prosody/provisioned" ] || hashed_env "$peers" setup prosody
        hashed_env "$peers" start prosody
        hashed_env "$peers" start ejabberd   # sets up (and provisions) on first use
        "$root/bench/confab-load-server.sh" start
        ;;
    run)
        shift
        want=${SERVERS:-}
        args=()
        for a in "$@"; do
            case $a in --servers=*) want=${a#--servers=} ;; *) args+=("$a") ;; esac
        done
        list=()
        while read -r s; do
            name=${s%%:*}
            if [ -n "$want" ]; then
                case ",$want," in *",$name,"*) ;; *) continue ;; esac
            fi
            if running "$s"; then list+=("--server=$s"); else echo "# not running, skipped: $name"; fi
        done < <(all_servers)
        [ ${#list[@]} -gt 0 ] || die "no server running (bench/login-compare.sh setup)"
        echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
        "$java" "$root/bench/login/LoginBench.java" "${list[@]}" --accounts=3000 "${args[@]}"
        echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
        ;;
    stop-hashed)
        hashed_env "$peers" stop prosody
        hashed_env "$peers" stop ejabberd
        ;;
    *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
