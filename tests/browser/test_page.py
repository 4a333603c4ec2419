#!/usr/bin/env python3
"""Opens pages written by `pyheap --html` in headless Chromium and checks
what they show. Usage: test_page.py PYHEAP [CHROMIUM]

Each check loads the page at a step (the page reads #step=K&select=ID from
its address), lets Chromium run the script and dumps the resulting DOM,
then looks at it: the current line, a frame's names, an object's reference
count, a freed object shown as freed, the why-alive chain, and the page's
own self-test, which walks every step. Prints PASS/FAIL lines.
"""
import html.parser
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1600,1000"]


class Dom(html.parser.HTMLParser):
    """Keeps, for every element with an id or a data-id, its attributes and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []      # [tag, attrs, text parts]
        self.by_id = {}
        self.boxes = {}      # data-id -> (class, text)
        self.frames = []     # (header text, full text)
        self.body = {}
        self.lines = []      # (class, data-line)

    VOID = {"meta", "input", "br", "img", "link", "hr", "path", "stop"}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if tag == "span" and "ln" in a.get("class", "").split():
            self.lines.append((a.get("class", ""), a.get("data-line")))
        if tag in self.VOID:
            return
        self.stack.append([tag, a, []])

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        t, a, parts = self.stack.pop()
        text = "".join(parts)
        if self.stack:
            self.stack[-1][2].append(text + " ")
        if "id" in a:
            self.by_id[a["id"]] = text
        cls = a.get("class", "")
        if "box" in cls.split() and "data-id" in a:
            self.boxes[a["data-id"]] = (cls, " ".join(text.split()))
        elif "box" in cls.split() and "frame" in cls.split():
            self.frames.append(" ".join(text.split()))

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)


def dump(chromium, page, frag):
    with tempfile.TemporaryDirectory() as prof:
        out = subprocess.run([chromium] + FLAGS + ["--user-data-dir=" + prof, "--dump-dom",
                                                   "file://" + page + "#" + frag],
                             capture_output=True, text=True, timeout=180)
    d = Dom()
    d.feed(out.stdout)
    return d


results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + "browser_" + name + ("" if ok else ": " + detail))


def main():
    pyheap = os.path.abspath(sys.argv[1])
    chromium = sys.argv[2] if len(sys.argv) > 2 else "chromium"
    tmp = tempfile.mkdtemp()
    page = os.path.join(tmp, "watch.html")
    subprocess.run([pyheap, "--html", page, "watch.py"], cwd=HERE, check=True,
                   stdout=subprocess.DEVNULL)

    # Step 1: line 1 ran; a names a new list with one reference.
    d = dump(chromium, page, "step=1")
    check("current_line", d.body.get("data-line") == "1" and any("cur" in c and l == "1" for c, l in d.lines),
          "body %r" % d.body)
    box1 = d.boxes.get("1", ("", ""))
    check("new_object", "list" in box1[1] and "refs 1" in box1[1] and "new" in box1[0], repr(box1))
    check("module_frame", any(f.startswith("<module>") and " a " in " " + f + " " for f in d.frames),
          repr(d.frames))

    # Step 2: b = a. One list, two names: refs 2.
    d = dump(chromium, page, "step=2")
    box1 = d.boxes.get("1", ("", ""))
    check("refcount_after_step", "refs 2" in box1[1], repr(box1))

    # Inside f at line 5: two frames, f's locals x and y.
    steps = step_lines(chromium, page)
    k = next(i for i, (kind, line) in enumerate(steps) if kind == "line" and line == 5)
    d = dump(chromium, page, "step=%d" % k)
    fr = [f for f in d.frames if f.startswith("f()")]
    check("function_frame", len(d.frames) == 2 and fr and " x " in fr[0] + " " and " y " in fr[0] + " ",
          repr(d.frames))
    # a, b, f's x, and slot 0 of y: four references.
    check("refcount_in_call", "refs 4" in d.boxes.get("1", ("", ""))[1], repr(d.boxes.get("1")))

    # Why alive: the list, selected, is alive through the global a.
    d = dump(chromium, page, "step=2&select=1")
    why = " ".join(d.by_id.get("why", "").split())
    check("why_alive", "global 'a'" in why and "reference count 2" in why, why[:300])

    # a = None: the list goes (its count reaches zero) and is drawn as freed.
    k = next(i for i, (kind, line) in enumerate(steps) if kind == "line" and line == 8)
    d = dump(chromium, page, "step=%d" % k)
    freed = [(c, t) for c, t in d.boxes.values() if "freed" in c.split()]
    check("freed_object", any("list #1" in t for c, t in freed), repr(freed))
    happened = " ".join(d.by_id.get("happened", "").split())
    check("freed_in_log", "free list #1" in happened and "last reference gone" in happened, happened[:300])

    # The page walks all its steps without an error, and a long run opens.
    d = dump(chromium, page, "selftest")
    check("selftest", d.by_id.get("selftest", "").startswith("selftest ok"), d.by_id.get("selftest", ""))
    big = os.path.join(tmp, "long.html")
    src = os.path.join(tmp, "long.py")
    with open(src, "w") as f:
        f.write("total = 0\nkeep = []\nfor i in range(2500):\n    total += i\n    keep.append(total)\n"
                "    if len(keep) > 20:\n        keep = keep[10:]\n")
    subprocess.run([pyheap, "--html", big, src], check=True, stdout=subprocess.DEVNULL)
    d = dump(chromium, big, "selftest")
    st = d.by_id.get("selftest", "")
    nsteps = int(re.search(r"ok (\d+) steps", st).group(1)) if "ok" in st else 0
    check("long_run", nsteps > 10000, st)
    return 0 if all(results) else 1


def step_lines(chromium, page):
    """(kind, line) of every step, read from the page's data."""
    import json
    text = open(page, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    data = json.loads(m.group(1))
    kinds = ["start", "line", "return", "end"]
    return [(kinds[s[0]], s[1]) for s in data["steps"]]


if __name__ == "__main__":
    sys.exit(main())
