#!/usr/bin/env bash
# Server pings at scale: builds what the benchmark needs and runs PingScaleBench (see docs/performance.md).
#
#   bench/ping-scale.sh [--sessions=100000] [--interval=10] [--duration=90] [--iq=fake|tracker] [...]
#
# All arguments go to im.confab.sm.ping.internal.PingScaleBench (its javadoc lists them). JVM options can be
# set with BENCH_JVM_OPTS (default: -Xms1g -Xmx1g); Maven options with BENCH_MVN_OPTS (e.g. -o).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/target"
mkdir -p "$out"
cd "$root"

# Compiles the ping plugin with its test sources, and bundles/sm for the real SharedTimer, BundleScheduler and
# IqTracker; in the same build writes both modules' test class paths (reactor modules resolve to target/classes).
# shellcheck disable=SC2086
mvn -q ${BENCH_MVN_OPTS:-} -pl bundles/sm,bundles/sm.ping -am test-compile dependency:build-classpath \
    "-Dmdep.outputFile=$out/\${project.artifactId}.classpath"

cp="$root/bundles/sm.ping/target/test-classes:$root/bundles/sm.ping/target/classes:$root/bundles/sm/target/classes"
cp="$cp:$(cat "$out/im.confab.sm.ping.classpath"):$(cat "$out/im.confab.sm.classpath")"

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else
    java=$(command -v java)
fi
echo "JDK: $java"
"$java" -version 2>&1 | sed 's/^/  /'

jvm_opts=${BENCH_JVM_OPTS:--Xms1g -Xmx1g}
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${feature:-17}" -ge 24 ] 2>/dev/null; then
    # netty-common uses sun.misc.Unsafe; JDK 24+ would print a warning about it (behaviour is unchanged).
    jvm_opts="$jvm_opts --sun-misc-unsafe-memory-access=allow"
fi
echo "JVM options: $jvm_opts"
echo "Command: bench/ping-scale.sh $*"
echo

# shellcheck disable=SC2086
exec "$java" $jvm_opts -cp "$cp" im.confab.sm.ping.internal.PingScaleBench "$@"
