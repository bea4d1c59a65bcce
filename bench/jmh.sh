#!/usr/bin/env bash
# JMH benchmarks of the hot paths (stream parsing, serialisation, routing): see bench/jmh/README.md.
#
#   bench/jmh.sh                         # all benchmarks, short defaults (-f 1 -wi 3 -i 5 -w 2s -r 2s)
#   bench/jmh.sh ParseBench -prof gc     # extra arguments go to JMH (a regex selects benchmarks)
#   bench/jmh.sh -h                      # JMH's own options
#
# Builds the bundles the benchmarks use (installed into the local Maven repository, tests skipped), then the
# benchmarks jar bench/jmh/target/benchmarks.jar, and runs it with the newest JDK here. BENCH_SKIP_BUILD=1 reuses
# the jar; BENCH_MVN_OPTS adds Maven options (e.g. -o); BENCH_JVM_OPTS adds options of the forked benchmark JVMs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f bench/jmh/target/benchmarks.jar ]; then
    # shellcheck disable=SC2086
    mvn -B -q ${BENCH_MVN_OPTS:-} install -DskipTests \
        -pl bundles/api,bundles/xml,bundles/router,bundles/sm,bundles/test.support,bundles/sm.blocking,bundles/sm.offline,bundles/sm.presence -am
    # shellcheck disable=SC2086
    mvn -B -q ${BENCH_MVN_OPTS:-} -f bench/jmh/pom.xml package
fi

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else
    java=$(command -v java)
fi
echo "JDK: $java"
"$java" -version 2>&1 | sed 's/^/  /'

# Netty (buffers, timer) uses sun.misc.Unsafe; JDK 24+ warns about it unless allowed.
jvm_opts="-Xms1g -Xmx1g ${BENCH_JVM_OPTS:-}"
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${feature:-17}" -ge 24 ] 2>/dev/null; then
    jvm_opts="$jvm_opts --sun-misc-unsafe-memory-access=allow"
fi

# JMH refuses a repeated option: a default is added only when the arguments do not give that option.
given() {
    local a
    for a in "${args[@]}"; do
        [ "$a" = "$1" ] && return 0
    done
    return 1
}
args=("$@")
defaults=()
given -f || defaults+=(-f 1)
given -wi || defaults+=(-wi 3)
given -i || defaults+=(-i 5)
given -w || defaults+=(-w 2s)
given -r || defaults+=(-r 2s)
given -jvmArgsAppend || defaults+=(-jvmArgsAppend "$jvm_opts")
exec "$java" -jar bench/jmh/target/benchmarks.jar "${defaults[@]}" "$@"
