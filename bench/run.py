"""Runs every bench/*.py program on pyheap and on python3.11, side by side.

For each program: best wall time of N runs and peak RSS (ru_maxrss of the child),
for both interpreters, and the ratios pyheap / python3.11 (below 1.0 means pyheap
is faster or smaller). Also measures start-up (an empty program). Both
interpreters must print the same output, or the row is marked MISMATCH.

usage: python3.11 bench/run.py PYHEAP_BINARY [--runs N] [NAME ...]
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(argv):
    """Wall time, exit status, stdout and stderr of one run."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE)
    elapsed = time.perf_counter() - start
    return elapsed, proc.returncode, proc.stdout, proc.stderr


def measure(argv, runs):
    """Best time over `runs`, and the peak RSS measured by a wrapper process."""
    best = None
    out = b""
    rc = 0
    for _ in range(runs):
        t, rc, out, err = run_once(argv)
        if rc != 0:
            return None, None, rc, out, err
        best = t if best is None else min(best, t)
    rss = peak_rss(argv)
    return best, rss, rc, out, b""


def peak_rss(argv):
    """Peak RSS in KiB of one run, from GNU time (a small C program, so the
    figure is the program's own: Linux carries a process's high-water mark
    across exec, which would count a Python wrapper's memory)."""
    if not os.path.exists("/usr/bin/time"):
        return 0
    res = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, cwd=HERE)
    lines = res.stderr.decode(errors="replace").strip().splitlines()
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def real_python311():
    """The CPython binary itself: `python3.11` may be a shell shim (pyenv)
    whose start-up would be charged to CPython."""
    out = subprocess.run(["python3.11", "-c", "import sys; print(sys.executable)"],
                         stdout=subprocess.PIPE, check=True)
    return out.stdout.decode().strip()


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    pyheap = os.path.abspath(args.pop(0))
    runs = 3
    if args[:1] == ["--runs"]:
        runs = int(args[1])
        args = args[2:]
    names = args or sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".py") and f != "run.py")
    ref = real_python311()

    print(f"{'program':<22}{'pyheap s':>10}{'3.11 s':>10}{'time':>8}{'pyheap MB':>11}{'3.11 MB':>9}{'mem':>7}")
    worst = 0.0
    empty = os.path.join(HERE, "_empty.py")
    with open(empty, "w") as f:
        f.write("")
    rows = [("startup", empty)] + [(n, os.path.join(HERE, n + ".py")) for n in names]
    for name, path in rows:
        r = runs * 5 if name == "startup" else runs
        t1, m1, rc1, out1, err1 = measure([pyheap, path], r)
        t2, m2, rc2, out2, err2 = measure([ref, path], r)
        if t1 is None or t2 is None:
            print(f"{name:<22} FAILED (pyheap rc={rc1}, python3.11 rc={rc2})")
            if err1:
                print("   ", err1.decode(errors="replace").strip().splitlines()[-1])
            continue
        flag = "" if out1 == out2 else "  MISMATCH"
        ratio = t1 / t2
        if name != "startup":
            worst = max(worst, ratio)
        mem = f"{m1/m2:>6.2f}x" if m2 else "     -"
        print(f"{name:<22}{t1:>10.3f}{t2:>10.3f}{ratio:>7.2f}x{m1/1024:>11.1f}{m2/1024:>9.1f}{mem}{flag}")
    os.unlink(empty)
    print(f"worst time ratio: {worst:.2f}x")


if __name__ == "__main__":
    main()
