#!/usr/bin/env python3
"""Hot spots of a JFR recording, from its execution samples (jdk.ExecutionSample, Java code only).

    bench/jfr-hot.py RECORDING.jfr [--top 25] [--prefix im.confab.] [--jfr /usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr]
                     [--window RUN_DIR]   only samples between the work_start and closing markers of a bench.sh run

Prints the samples per thread group, the top frames by self samples (the frame on top of the stack), the top
frames by inclusive samples (anywhere in the stack, counted once per sample), and the top frames of the project's
own code (--prefix) by inclusive samples, each with file line. Also the JVM's user/system CPU split (jdk.CPULoad):
time in the kernel (socket reads and writes, wake-ups) does not appear in execution samples.
"""
import argparse, collections, os, re, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("jfr_file")
ap.add_argument("--top", type=int, default=25)
ap.add_argument("--prefix", default="im.confab.")
ap.add_argument("--jfr", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr")
ap.add_argument("--window", help="bench.sh run dir: keep samples between its work_start and closing markers")
a = ap.parse_args()
window = None
if a.window:
    marks = {}
    for line in open(os.path.join(a.window, "markers")):
        f = line.split()
        if len(f) == 2 and not f[0].startswith("#"):
            marks.setdefault(f[0], int(f[1]))
    window = (marks["work_start"], marks["closing"])
jfr = a.jfr if os.path.exists(a.jfr) else "jfr"

os.environ["TZ"] = "UTC"
out = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", a.jfr_file],
                     capture_output=True, text=True, check=True).stdout
frame_re = re.compile(r"^\s+(\S.*?)\s+line: (\d+)")
samples = []  # (thread, [frames])
thread, frames, in_stack, t_ms = None, [], False, None
import datetime
for line in out.splitlines():
    s = line.strip()
    if s.startswith("startTime = "):
        m = re.match(r"startTime = (\d+):(\d+):(\d+)\.(\d+) \((\d+)-(\d+)-(\d+)\)", s)
        if m:
            hh, mm, ss, frac, y, mo, d = m.groups()
            dt = datetime.datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss),
                                   tzinfo=datetime.timezone.utc)  # jfr prints local time: run it with TZ=UTC
            t_ms = int(dt.timestamp() * 1000) + int((frac + "000")[:3])
    elif s.startswith("sampledThread"):
        m = re.search(r'"([^"]*)"', s)
        thread = m.group(1) if m else "?"
    elif s.startswith("stackTrace = ["):
        in_stack, frames = True, []
    elif in_stack and s == "]":
        in_stack = False
        if window is None or (t_ms is not None and window[0] <= t_ms <= window[1]):
            samples.append((thread, frames))
    elif in_stack:
        m = frame_re.match(line)
        if m:
            frames.append((m.group(1), int(m.group(2))))
        elif s and s != "...":
            frames.append((s, 0))

n = len(samples)
print(f"{n} execution samples" + (f" in the work window of {a.window}" if window else ""))
groups = collections.Counter(re.sub(r"[-#]?\d+(-\d+)*$", "", t or "?") for t, _ in samples)
print("\nby thread group:")
for g, c in groups.most_common(12):
    print(f"  {100.0 * c / n:5.1f}%  {g}")

def method(f):
    return re.sub(r"\(.*\)", "()", f[0])

self_c = collections.Counter(method(fr[0]) + f":{fr[0][1]}" for _, fr in samples if fr)
print(f"\ntop {a.top} by self samples (method:line):")
for k, c in self_c.most_common(a.top):
    print(f"  {100.0 * c / n:5.1f}%  {k}")

incl = collections.Counter()
own = collections.Counter()
for _, fr in samples:
    seen, seen_own = set(), set()
    for f in fr:
        m = method(f)
        if m not in seen:
            seen.add(m)
            incl[m] += 1
        if m.startswith(a.prefix):
            k = m + f":{f[1]}"
            if k not in seen_own:
                seen_own.add(k)
                own[k] += 1
print(f"\ntop {a.top} by inclusive samples:")
for k, c in incl.most_common(a.top):
    print(f"  {100.0 * c / n:5.1f}%  {k}")
print(f"\ntop {a.top} frames of {a.prefix}* by inclusive samples (method:line of the call or sample):")
for k, c in own.most_common(a.top):
    print(f"  {100.0 * c / n:5.1f}%  {k}")

cpu = subprocess.run([jfr, "print", "--events", "jdk.CPULoad", a.jfr_file], capture_output=True, text=True).stdout
u = [float(x) for x in re.findall(r"jvmUser = ([\d.]+)%", cpu)]
k = [float(x) for x in re.findall(r"jvmSystem = ([\d.]+)%", cpu)]
if u:
    su, sk = sum(u), sum(k)
    print(f"\nJVM CPU (jdk.CPULoad, {len(u)} samples): user {100 * su / (su + sk):.0f}%, system {100 * sk / (su + sk):.0f}%")
