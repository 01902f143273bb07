#!/usr/bin/env python3
"""The scale benchmark (issue 9): Vcr's real CLI against `ctags -R` on java.base and Linux 6.1.

Started by bench/scale.sh (`bench/run.sh scale`), which installs the packages, unpacks the sources and
builds the jar. Every run is a separate process (`bin/vcr index DIR --index-dir FRESH --json`, with the
jar given by VCR_JAR and JVM options by VCR_JAVA_OPTS), measured by GNU time (`/usr/bin/time -f %e %M`:
wall seconds and peak RSS) under `timeout`; a failure or a time-out is reported as such, never hidden.

Corpora (each a folder that holds exactly the files both tools index, so the comparison is file for file):
  java.base   the java.base/ tree of the JDK's src.zip; ctags --languages=Java
  go-std      Go 1.19's standard library and commands (Debian golang-1.19-src, copied once into
              $VCR_BENCH_DIR/go-std); ctags --languages=Go. Not in the default list: name it.
  jdk         every module of the JDK's src.zip (about 15,000 Java files, unpacked once into
              $VCR_BENCH_DIR/jdk-17); ctags --languages=Java. Not in the default list: name it.
  boost       Boost 1.81's headers (Debian libboost1.81-dev, the C and C++ files copied once into
              $VCR_BENCH_DIR/boost-1.81/boost); ctags --languages=C,C++. Not in the default list.
  linux-10k   about 10,000 C files of Linux 6.1 (see below); ctags --languages=C,C++
  linux-30k   about 30,000 of them
  linux-full  all of them: every file of the unpacked tarball whose extension Vcr reads as C or C++
              (.c .h .cc .cpp .cxx .c++ .hh .hpp .hxx .h++): 55,413 files, 1.18 GB, all but 8 .c or .h
The Linux corpora are hard links into the unpacked tree (no second copy), in $VCR_BENCH_DIR/linux-corpora/.
Subset selection is deterministic: the source files are grouped by the folder that holds them, the folders
are taken in sorted path order (byte order), and a folder is taken whole when the files taken so far are at
most N/total of the files seen so far. So a subset is spread evenly over the whole tree (arch/ to virt/),
never cuts a folder, and has about N files.

For each corpus, in this order: ctags -R; a cold `vcr index` with 2 threads into a fresh index folder; a
warm start (the same command again, nothing changed); one file changed (a comment appended to
java/lang/String.java, kernel/sched/core.c or fmt/print.go, then `vcr index`; the file's content and mtime
are restored afterwards, since it may be a hard link into the cache); a cold index with 1 thread; and for the corpora named
by --xmx1g (default linux-full) a cold index with VCR_JAVA_OPTS=-Xmx1g. If the 2-thread cold run fails,
the warm, one-file and 1-thread runs are not attempted (marked "not run"). The index folders are deleted
after each corpus. The load average is printed before and after each corpus: the machine may be shared.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

C_EXTS = (".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++")
ALL_CORPORA = ("java.base", "linux-10k", "linux-30k", "linux-full")
KNOWN_CORPORA = ALL_CORPORA + ("go-std", "jdk", "boost")
# per corpus kind: the extensions both tools index, ctags' languages, the file the one-file run changes
KINDS = {
    "java.base": ((".java",), "Java", "java/lang/String.java"),
    "go-std": ((".go",), "Go", "fmt/print.go"),
    "jdk": ((".java",), "Java", "java.base/java/lang/String.java"),
    "boost": (C_EXTS, "C,C++", "boost/shared_ptr.hpp"),
    "linux": (C_EXTS, "C,C++", "kernel/sched/core.c"),
}
SUBSET_SIZES = {"linux-10k": 10_000, "linux-30k": 30_000, "linux-full": None}
CORPUS_FORMAT = 1  # bump when the selection rule changes, to rebuild cached corpora


def log(msg):
    print(msg, flush=True)


def source_files(top, exts):
    """Relative paths of the files under top with one of exts, sorted (byte order); skips .git."""
    out = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        rel = os.path.relpath(dirpath, top)
        for f in filenames:
            if f.endswith(exts) and os.path.isfile(os.path.join(dirpath, f)) and not os.path.islink(os.path.join(dirpath, f)):
                out.append(f if rel == "." else rel + "/" + f)
    out.sort(key=lambda p: p.encode())
    return out


def select_subset(files, n):
    """Whole folders in sorted order, taken while the share taken is at most n/len(files) (see the top)."""
    if n is None or n >= len(files):
        return list(files)
    by_dir = {}
    for f in files:
        by_dir.setdefault(f.rpartition("/")[0], []).append(f)
    selected, seen = [], 0
    for d in sorted(by_dir, key=lambda p: p.encode()):
        group = by_dir[d]
        if len(selected) * len(files) <= seen * n:
            selected.extend(group)
        seen += len(group)
    selected.sort(key=lambda p: p.encode())
    return selected


def linux_corpus(name, linux, bench_dir):
    """Builds (once) the hard-linked corpus folder; returns its path."""
    dest = os.path.join(bench_dir, "linux-corpora", name)
    marker = os.path.join(dest, ".vcr-bench-corpus")
    want = {"format": CORPUS_FORMAT, "source": linux, "size": SUBSET_SIZES[name]}
    if os.path.exists(marker):
        with open(marker) as fh:
            if json.load(fh).get("spec") == want:
                return dest
    files = select_subset(source_files(linux, C_EXTS), SUBSET_SIZES[name])
    log(f"building {dest}: {len(files)} files, hard links into {linux}")
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(dest, ignore_errors=True)
    for f in files:
        target = os.path.join(tmp, f)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(os.path.join(linux, f), target)
        except OSError:
            shutil.copy2(os.path.join(linux, f), target)  # another file system: copy
    with open(os.path.join(tmp, ".vcr-bench-corpus"), "w") as fh:
        json.dump({"spec": want, "files": len(files)}, fh)
    os.rename(tmp, dest)
    return dest


def tree_bytes(top):
    """(apparent bytes, allocated bytes) of every file under top."""
    apparent = allocated = 0
    for dirpath, _, filenames in os.walk(top):
        for f in filenames:
            try:
                st = os.lstat(os.path.join(dirpath, f))
            except OSError:
                continue
            apparent += st.st_size
            allocated += st.st_blocks * 512
    return apparent, allocated


def timed(cmd, timeout, env=None, cwd=None):
    """Runs cmd under GNU time and timeout; returns wall s, peak RSS, exit code, status, output."""
    fd, tfile = tempfile.mkstemp(prefix="vcr-bench-time-")
    os.close(fd)
    full = ["/usr/bin/time", "-o", tfile, "-f", "%e %M %x %U %S", "timeout", "-k", "15", str(timeout)] + cmd
    t0 = time.monotonic()
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    elapsed = time.monotonic() - t0
    wall, rss_kb, code, cpu = elapsed, 0, p.returncode, 0.0
    try:
        with open(tfile) as fh:
            last = [l for l in fh.read().splitlines() if l.strip()][-1].split()
        wall, rss_kb, code = float(last[0]), int(last[1]), int(last[2])
        cpu = float(last[3]) + float(last[4])
    except (IndexError, ValueError, OSError):
        pass
    finally:
        os.unlink(tfile)
    err = p.stderr.decode("utf-8", "replace")
    if code == 0:
        status = "ok"
    elif code in (124, 137) or p.returncode in (124, 137):
        status = f"TIMEOUT after {timeout} s"
    else:
        status = f"FAILED (exit {code})"
    if code != 0 and "OutOfMemoryError" in err:
        status += " OutOfMemoryError"
    return {"wall": wall, "cpu": cpu, "rss_mb": rss_kb / 1024, "exit": code, "status": status,
            "stdout": p.stdout.decode("utf-8", "replace"), "stderr_tail": err[-2000:]}


def vcr_index(args, corpus, idx, threads, java_opts=None):
    env = dict(os.environ, VCR_JAR=args.jar)
    env["VCR_JAVA_OPTS"] = java_opts if java_opts is not None else os.environ.get("VCR_JAVA_OPTS", "")
    r = timed([args.vcr, "index", corpus, "--index-dir", idx, "--threads", str(threads), "--json"],
              args.timeout, env=env)
    r["summary"] = None
    if r["exit"] == 0:
        try:
            r["summary"] = json.loads(r["stdout"])
        except ValueError:
            r["status"] = "FAILED (unreadable --json output)"
    del r["stdout"]
    return r


def describe(r):
    s = r["summary"] or {}
    extra = f", parsed {s['parsed']} of {s['scanned']}" if s else ""
    if r["status"] != "ok":
        tail = r["stderr_tail"].strip().splitlines()[-1:] if r["stderr_tail"].strip() else []
        extra += f" [{tail[0][:160]}]" if tail else ""
    return f"{r['status']}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s cpu, peak RSS {r['rss_mb']:.0f} MB{extra}"


def kind(name):
    return KINDS.get(name) or KINDS["linux"]


def one_file_target(corpus, name, files):
    exts, _, preferred = kind(name)
    if preferred in files:
        return preferred
    cs = [f for f in files if f.endswith(exts)]
    return cs[len(cs) // 2]


def run_corpus(args, name, corpus):
    res = {"corpus": name, "path": corpus, "load_before": os.getloadavg()}
    exts, lang, _ = kind(name)
    files = source_files(corpus, exts)
    src_bytes = sum(os.path.getsize(os.path.join(corpus, f)) for f in files)
    res.update(files=len(files), source_bytes=src_bytes)
    log(f"\n== {name}: {len(files)} files, {src_bytes / 1e6:.1f} MB, in {corpus}; "
        f"load average {' '.join(f'{x:.2f}' for x in res['load_before'])}")
    work = tempfile.mkdtemp(prefix=f"{name}-", dir=os.path.join(args.bench_dir, "scale-runs"))
    try:
        tags = os.path.join(work, "tags")
        c = timed(["ctags", "-R", f"--languages={lang}", "-f", tags, "."], args.timeout, cwd=corpus)
        if c["exit"] == 0:
            with open(tags, encoding="utf-8", errors="replace") as fh:
                c["tags"] = sum(1 for l in fh if not l.startswith("!_TAG_"))
            os.unlink(tags)
        del c["stdout"]
        res["ctags"] = c
        log(f"ctags -R --languages={lang}: {c['status']}: {c['wall']:.2f} s wall, {c['cpu']:.2f} s cpu, "
        f"peak RSS {c['rss_mb']:.0f} MB, "
            f"{c.get('tags', 0)} tags")

        idx = os.path.join(work, "idx-2t")
        cold = vcr_index(args, corpus, idx, 2)
        res["cold2"] = cold
        log(f"vcr index cold, 2 threads: {describe(cold)}")
        if cold["status"] == "ok":
            res["index_bytes"], res["index_allocated"] = tree_bytes(idx)
            log(f"index on disk: {res['index_allocated'] / 1e6:.1f} MB allocated "
                f"({res['index_bytes'] / 1e6:.1f} MB apparent) = {res['index_allocated'] / src_bytes:.2f}x sources")
            warm = vcr_index(args, corpus, idx, 2)
            res["warm"] = warm
            log(f"vcr index warm, nothing changed: {describe(warm)}")
            target = one_file_target(corpus, name, files)
            path = os.path.join(corpus, target)
            st = os.stat(path)
            with open(path, "rb") as fh:
                original = fh.read()
            try:
                time.sleep(0.01)
                with open(path, "ab") as fh:
                    fh.write(b"\n/* vcr-bench: one-file change */\n")
                one = vcr_index(args, corpus, idx, 2)
            finally:
                with open(path, "wb") as fh:
                    fh.write(original)
                os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
            one["file"] = target
            res["one_file"] = one
            log(f"vcr index after appending a comment to {target}: {describe(one)}")
        shutil.rmtree(idx, ignore_errors=True)

        if args.threads and cold["status"] == "ok":
            idx1 = os.path.join(work, "idx-1t")
            t1 = vcr_index(args, corpus, idx1, 1)
            res["cold1"] = t1
            log(f"vcr index cold, 1 thread: {describe(t1)}")
            shutil.rmtree(idx1, ignore_errors=True)

        if name in args.xmx1g:
            idxm = os.path.join(work, "idx-xmx1g")
            m = vcr_index(args, corpus, idxm, 2, java_opts="-Xmx1g")
            res["cold_xmx1g"] = m
            log(f"vcr index cold, 2 threads, VCR_JAVA_OPTS=-Xmx1g: {describe(m)}")
            shutil.rmtree(idxm, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["load_after"] = os.getloadavg()
    log(f"load average after: {' '.join(f'{x:.2f}' for x in res['load_after'])}")
    return res


def fmt_run(r, with_rss=False):
    if r is None:
        return "not run (skipped, or the cold run failed)"
    if r["status"] != "ok":
        return f"**{r['status']}** ({r['wall']:.0f} s, {r['rss_mb']:.0f} MB RSS)"
    return f"{r['wall']:.2f} s" + (f" ({r['rss_mb']:.0f} MB RSS)" if with_rss else "")


def table(results):
    cols = [r["corpus"] for r in results]
    rows = []

    def row(label, f):
        cells = []
        for r in results:
            try:
                cells.append(f(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("n/a")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")

    def ok(r, key):
        x = r.get(key)
        return x is not None and x["status"] == "ok"

    row("files / source MB", lambda r: f"{r['files']:,} / {r['source_bytes'] / 1e6:.0f} MB")
    row("`ctags -R` wall (peak RSS)", lambda r: fmt_run(r["ctags"], True))
    row("vcr cold, 2 threads, wall", lambda r: fmt_run(r["cold2"]))
    row("cpu s (user+sys): ctags / vcr cold", lambda r: f"{r['ctags']['cpu']:.1f} / {r['cold2']['cpu']:.1f}")
    def ratio(r):
        if ok(r, "cold2") and ok(r, "ctags"):
            return f"{r['cold2']['wall'] / r['ctags']['wall']:.1f}x"
        if ok(r, "ctags") and r["cold2"]["status"].startswith("TIMEOUT"):
            return f"> {r['cold2']['wall'] / r['ctags']['wall']:.1f}x (timed out)"
        return "n/a"

    row("vcr / ctags (wall)", ratio)
    row("MB/s (cold)", lambda r: f"{r['source_bytes'] / 1e6 / r['cold2']['wall']:.2f}" if ok(r, "cold2") else "n/a")
    row("peak RSS (cold)", lambda r: f"{r['cold2']['rss_mb']:.0f} MB")
    row("index on disk / sources", lambda r: f"{r['index_allocated'] / 1e6:.0f} MB / {r['index_allocated'] / r['source_bytes']:.2f}x" if "index_allocated" in r else "n/a")
    row("warm start, nothing changed", lambda r: fmt_run(r.get("warm")) + (f", parsed {r['warm']['summary']['parsed']}" if ok(r, "warm") else ""))
    row("one file changed", lambda r: fmt_run(r.get("one_file")) + (f", parsed {r['one_file']['summary']['parsed']}" if ok(r, "one_file") else ""))
    row("vcr cold, 1 thread, wall", lambda r: fmt_run(r.get("cold1")))
    row("1 thread / 2 threads", lambda r: f"{r['cold1']['wall'] / r['cold2']['wall']:.2f}x" if ok(r, "cold1") and ok(r, "cold2") else "n/a")
    row("vcr cold, `-Xmx1g`", lambda r: fmt_run(r.get("cold_xmx1g"), True) if "cold_xmx1g" in r else "not run")
    row("load average before / after", lambda r: f"{r['load_before'][0]:.2f} / {r['load_after'][0]:.2f}")
    head = "| measurement | " + " | ".join(cols) + " |"
    sep = "|---|" + "---:|" * len(cols)
    return "\n".join([head, sep] + rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vcr", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--bench-dir", required=True)
    ap.add_argument("--linux", required=True)
    ap.add_argument("--java-base", required=True)
    ap.add_argument("--go-std", help="the Go standard library's src folder (for the go-std corpus)")
    ap.add_argument("--jdk", help="the unpacked src.zip of a JDK (for the jdk corpus)")
    ap.add_argument("--boost", help="a folder holding Boost's headers under boost/ (for the boost corpus)")
    ap.add_argument("--corpora", default=",".join(ALL_CORPORA),
                    help="comma-separated, from " + ", ".join(KNOWN_CORPORA) + " (default: "
                    + ",".join(ALL_CORPORA) + ")")
    ap.add_argument("--timeout", type=int, default=1200, help="seconds per run (default 1200)")
    ap.add_argument("--xmx1g", default="linux-full", help="corpora also indexed with -Xmx1g ('' for none)")
    ap.add_argument("--no-threads", dest="threads", action="store_false", help="skip the 1-thread run")
    ap.add_argument("--results", help="write every figure as JSON here (default: bench dir, timestamped)")
    args = ap.parse_args()
    corpora = [c.strip() for c in args.corpora.split(",") if c.strip()]
    for c in corpora:
        if c not in KNOWN_CORPORA:
            ap.error(f"unknown corpus {c!r}; known: {', '.join(KNOWN_CORPORA)}")
    for c, given in (("go-std", args.go_std), ("jdk", args.jdk), ("boost", args.boost)):
        if c in corpora and not given:
            ap.error(f"the {c} corpus needs --{c} (bench/scale.sh gives it)")
    args.xmx1g = {c.strip() for c in args.xmx1g.split(",") if c.strip()}
    os.makedirs(os.path.join(args.bench_dir, "scale-runs"), exist_ok=True)
    log(f"vcr scale benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cpus, timeout {args.timeout} s per run, jar {args.jar}")
    results = []
    for name in corpora:
        given = {"java.base": args.java_base, "go-std": args.go_std, "jdk": args.jdk, "boost": args.boost}
        corpus = given.get(name) or linux_corpus(name, args.linux, args.bench_dir)
        results.append(run_corpus(args, name, corpus))
    out = args.results or os.path.join(
        args.bench_dir, f"scale-{datetime.datetime.now(datetime.timezone.utc):%Y%m%dT%H%M%S}.json")
    with open(out, "w") as fh:
        json.dump(results, fh, indent=1)
    log("\n" + table(results))
    log(f"\n(all figures as JSON: {out})")


if __name__ == "__main__":
    sys.exit(main())
