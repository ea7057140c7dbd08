#!/usr/bin/env python3
"""make bench-scan: how scanning many homes compares with reading their files.

Writes the largest number of synthetic homes asked for once (bench-scan-gen),
checks on a few of them that mailfix finds every account written and reads
exactly the files the generator lists, then for each N times

  cat FILES > /dev/null          (the floor: reading the same bytes)
  mailfix scan --json --home ... (over the first N homes)

and prints files, MB, both times (the scan also on one thread,
MAILFIX_SCAN_THREADS=1), their ratio, the scan's peak RSS, its CPU
use (user+sys over wall: above 100% means more than one core worked) and the
accounts it found. Caches are not dropped (that needs root): cat runs once
untimed first, so both timed runs read from a warm page cache.

The run fails if a scan finds fewer (or more) accounts than were written:
a benchmark that scans nothing measures nothing.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time


def fail(msg):
    print("bench-scan: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


# GNU time reports the peak memory of a child it forked itself: a child
# forked from this Python process counts the pages of its parent, which grow
# with the homes listed, in its own peak (ru_maxrss spans the exec)
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


class Run:
    """one finished child: wall seconds, CPU seconds and peak memory"""

    def __init__(self, argv, stdin=None, stdout=None, env=None, measure_rss=False):
        rss_file = None
        if measure_rss and GNU_TIME:
            fd, rss_file = tempfile.mkstemp(prefix="mailfix-bench-rss-")
            os.close(fd)
            argv = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file] + argv
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdin=stdin, stdout=stdout, env=env)
        # wait4 gives this child's own rusage, its children included
        _, status, self.rusage = os.wait4(proc.pid, 0)
        self.wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        self.status = proc.returncode
        self.rss_kb = None
        if rss_file:
            with open(rss_file, encoding="utf-8") as f:
                lines = f.read().split()
            os.unlink(rss_file)
            self.rss_kb = int(lines[-1]) if lines else None

    @property
    def cpu(self):
        return self.rusage.ru_utime + self.rusage.ru_stime

    @property
    def maxrss_mb(self):
        # Linux reports KB; without GNU time, an upper bound (see GNU_TIME)
        return (self.rss_kb if self.rss_kb is not None else self.rusage.ru_maxrss) / 1024.0


def read_manifest(path):
    homes, files = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, index, number, where = line.rstrip("\n").split("\t", 3)
            if kind == "H":
                homes.append((int(index), where, int(number)))
            else:
                files.append((int(index), where, int(number)))
    homes.sort()
    return homes, files


def scan_argv(mailfix, homes):
    argv = [mailfix, "scan", "--json"]
    for _, path, _ in homes:
        argv += ["--home", path]
    return argv


def real_program(path):
    """libtool's wrapper script for an uninstalled program costs a shell
    start per run (0.2 s on a slow machine); run the program it wraps"""
    where, name = os.path.split(os.path.abspath(path))
    real = os.path.join(where, ".libs", name)
    libs = os.path.join(os.path.dirname(where), "lib", ".libs")
    with open(path, "rb") as f:
        wrapped = f.read(2) == b"#!"
    if wrapped and os.access(real, os.X_OK) and os.path.isdir(libs):
        os.environ["LD_LIBRARY_PATH"] = os.pathsep.join(
            p for p in (libs, os.environ.get("LD_LIBRARY_PATH")) if p)
        return real
    return path


def scan_env(threads=None):
    env = dict(os.environ)
    if threads is not None:
        env["MAILFIX_SCAN_THREADS"] = str(threads)
    # the homes are ours, so Evolution's store would ask the keyring about
    # every account; a root scan of other users' homes never does
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def load_scan(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return doc


def check_accounts(doc, expected, what):
    found = len(doc.get("accounts", []))
    problems = doc.get("problems", [])
    if problems:
        fail("%s: the scan reported %d problem(s), first: %s" % (what, len(problems), problems[0]))
    if found != expected:
        fail("%s: the scan found %d accounts, the generator wrote %d" % (what, found, expected))
    return found


# openat(AT_FDCWD, "/path", O_RDONLY|O_CLOEXEC) = 3
OPEN_RE = re.compile(r'^\d+\s+(?:openat\(\w+, |open\()"((?:[^"\\]|\\.)*)", ([A-Z_|]+)[^=]*= (-?\d+)')


def files_opened(log, under):
    seen = set()
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = OPEN_RE.match(line)
            if not m or int(m.group(3)) < 0 or "O_DIRECTORY" in m.group(2):
                continue
            path = m.group(1).encode("latin-1", "backslashreplace").decode("unicode_escape").encode(
                "latin-1").decode("utf-8", "replace")
            if path.startswith(under + "/") and os.path.isfile(path):
                seen.add(os.path.realpath(path))
    return seen


def verify(mailfix, homes, files, work):
    """a few homes one at a time: every account found, exactly the listed files read"""
    sample = homes[:3]
    for home in sample:
        out = os.path.join(work, "verify.json")
        with open(out, "wb") as f:
            run = Run(scan_argv(mailfix, [home]), stdout=f, env=scan_env())
        if run.status not in (0, 1):
            fail("mailfix scan --home %s exited with %d" % (home[1], run.status))
        check_accounts(load_scan(out), home[2], home[1])
    if shutil.which("strace") is None:
        print("bench-scan: strace not installed: not checking which files the scan reads")
        return
    log = os.path.join(work, "strace.log")
    with open(os.devnull, "wb") as null:
        # one thread: strace splits the calls of threads that overlap
        # ("<unfinished ...>"), which the pattern below does not join
        run = Run(["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", log] + scan_argv(mailfix, sample),
                  stdout=null, env=scan_env(threads=1))
    if run.status not in (0, 1):
        fail("strace mailfix scan exited with %d" % run.status)
    wanted = {os.path.realpath(p) for i, p, _ in files if i < len(sample)}
    read = files_opened(log, os.path.realpath(os.path.dirname(sample[0][1])))
    if read != wanted:
        fail("the scan read files the list lacks: %s; the list has files the scan did not read: %s"
             % (sorted(read - wanted)[:5], sorted(wanted - read)[:5]))
    print("bench-scan: checked: %d homes, %d accounts found as written, the scan read exactly the %d files listed"
          % (len(sample), sum(h[2] for h in sample), len(wanted)))


def time_cat(list_path, repeat):
    argv = ["xargs", "-0", "cat"]
    with open(list_path, "rb") as src, open(os.devnull, "wb") as null:
        Run(argv, stdin=src, stdout=null)          # warms the page cache
    best = None
    for _ in range(repeat):
        with open(list_path, "rb") as src, open(os.devnull, "wb") as null:
            run = Run(argv, stdin=src, stdout=null)
        if run.status != 0:
            fail("cat of the listed files exited with %d" % run.status)
        best = run if best is None or run.wall < best.wall else best
    return best


def time_scan(mailfix, homes, out, repeat, threads=None):
    best = None
    argv = scan_argv(mailfix, homes)
    for _ in range(repeat):
        with open(out, "wb") as f:
            run = Run(argv, stdout=f, env=scan_env(threads), measure_rss=True)
        if run.status not in (0, 1):
            fail("mailfix scan over %d homes exited with %d" % (len(homes), run.status))
        best = run if best is None or run.wall < best.wall else best
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("counts", nargs="+", type=int, help="numbers of homes to scan")
    ap.add_argument("--gen", required=True, help="the bench-scan-gen program")
    ap.add_argument("--mailfix", default=os.environ.get("MAILFIX"), help="the mailfix program ($MAILFIX)")
    ap.add_argument("--dir", default=None, help="where the homes go (default: a fresh directory in $TMPDIR)")
    ap.add_argument("--prefs-kb", type=int, default=300, help="average prefs.js size in KB (300)")
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "1")),
                    help="timed runs of each, best kept ($BENCH_REPEAT, 1)")
    ap.add_argument("--keep", action="store_true", help="leave the homes in place afterwards")
    ap.add_argument("--reuse", action="store_true", help="use homes a --keep run left, if there are enough")
    args = ap.parse_args()

    if not args.mailfix or not os.access(args.mailfix, os.X_OK):
        fail("no mailfix program: give --mailfix or set MAILFIX")
    args.mailfix = real_program(args.mailfix)
    if min(args.counts) < 1:
        fail("the numbers of homes must be positive")
    work = args.dir or tempfile.mkdtemp(prefix="mailfix-bench-")
    work = os.path.abspath(work)
    manifest = os.path.join(work, "manifest.tsv")
    largest = max(args.counts)

    reuse = args.reuse and os.path.exists(manifest) and len(read_manifest(manifest)[0]) >= largest
    if not reuse:
        shutil.rmtree(work, ignore_errors=True)
        start = time.monotonic()
        gen = subprocess.run([args.gen, "--prefs-kb", str(args.prefs_kb), work, str(largest)],
                             stdout=subprocess.PIPE, text=True)
        if gen.returncode != 0:
            fail("bench-scan-gen exited with %d" % gen.returncode)
        print("bench-scan: wrote %s in %.1f s (%s)" % (work, time.monotonic() - start, gen.stdout.strip()))
    homes, files = read_manifest(manifest)
    if len(homes) < largest:
        fail("%s lists %d homes, not %d" % (manifest, len(homes), largest))

    try:
        verify(args.mailfix, homes, files, work)
        rows = []
        for n in args.counts:
            subset = [f for f in files if f[0] < n]
            list_path = os.path.join(work, "files-%d.list" % n)
            with open(list_path, "wb") as f:
                f.write(b"".join(p.encode("utf-8") + b"\0" for _, p, _ in subset))
            cat = time_cat(list_path, args.repeat)
            out = os.path.join(work, "scan-%d.json" % n)
            expected = sum(h[2] for h in homes[:n])
            # the same scan on one thread: what spreading the homes over
            # the cores gains
            single = time_scan(args.mailfix, homes[:n], out, args.repeat, threads=1)
            check_accounts(load_scan(out), expected, "%d homes on one thread" % n)
            scan = time_scan(args.mailfix, homes[:n], out, args.repeat)
            found = check_accounts(load_scan(out), expected, "%d homes" % n)
            rows.append((n, len(subset), sum(f[2] for f in subset), cat, single, scan, found, os.path.getsize(out)))
            os.unlink(out)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print("mailfix scan --json over N synthetic homes vs cat of the same files (warm page cache, best of %d, "
          "%d CPUs)" % (args.repeat, os.cpu_count()))
    head = ("homes", "files", "MB", "cat s", "1 thr s", "scan s", "scan/cat", "peak RSS MB", "RSS/home KB",
            "CPU %", "accounts", "JSON MB")
    print("%6s %7s %8s %7s %8s %8s %8s %11s %11s %6s %8s %7s" % head)
    for n, nfiles, nbytes, cat, single, scan, found, json_bytes in rows:
        print("%6d %7d %8.1f %7.3f %8.3f %8.3f %8.1f %11.1f %11.1f %6.0f %8d %7.1f"
              % (n, nfiles, nbytes / 1e6, cat.wall, single.wall, scan.wall, scan.wall / max(cat.wall, 1e-6),
                 scan.maxrss_mb, scan.maxrss_mb * 1024 / n, 100 * scan.cpu / max(scan.wall, 1e-6), found,
                 json_bytes / 1e6))
    if not GNU_TIME:
        print("peak RSS is an upper bound: it counts this script's own memory "
              "(scripts/install-deps.sh --bench installs GNU time)")
    print("targets: scan/cat <= 2, peak RSS flat in N, CPU %% near %d00 on this machine" % os.cpu_count())


if __name__ == "__main__":
    main()
