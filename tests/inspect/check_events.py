#!/usr/bin/env python3
"""Checks a `pyheap --events` file against the schema in docs/events.md.

Usage: check_events.py FILE.jsonl   -> prints "ok N events" or the first
problems, and exits 0 or 1.
"""
import json
import sys

INT, STR = int, str
COMMON = {"ev": STR, "step": INT}
KINDS = {
    "start": {"schema": INT, "pyheap": STR, "model": STR, "arena_size": INT, "pool_size": INT,
              "size_classes": INT},
    "alloc": {"id": INT, "type": STR, "addr": STR, "size": INT, "class": INT, "file": STR, "line": INT},
    "free": {"id": INT, "type": STR, "addr": STR, "size": INT, "class": INT, "reason": STR},
    "line": {"file": STR, "line": INT, "func": STR, "frame": INT, "depth": INT},
    "frame_push": {"frame": INT, "func": STR, "depth": INT},
    "frame_pop": {"frame": INT, "func": STR, "depth": INT},
    "gc_start": {"generation": INT},
    "gc_unreachable": {"id": INT, "type": STR, "addr": STR},
    "gc_finalize": {"id": INT, "type": STR, "addr": STR},
    "gc_stop": {"generation": INT, "examined": INT, "collected": INT, "uncollectable": INT,
                "finalized": INT, "duration_ns": INT},
    "end": {"steps": INT, "allocs": INT, "frees": INT, "live": INT},
}


def check(path):
    errors = []
    live = {}        # addr -> id of the object living there
    ids = set()      # every id seen
    last_step = 0
    in_gc = False
    n = 0

    def err(msg):
        if len(errors) < 20:
            errors.append("line %d: %s" % (n, msg))

    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            try:
                e = json.loads(text)
            except ValueError as x:
                err("not JSON: %s" % x)
                continue
            kind = e.get("ev")
            if kind not in KINDS:
                err("unknown kind %r" % kind)
                continue
            want = dict(COMMON, **KINDS[kind])
            for key, typ in want.items():
                if key not in e:
                    err("%s without %r" % (kind, key))
                elif not isinstance(e[key], typ) or isinstance(e[key], bool):
                    err("%s.%s is %r" % (kind, key, e[key]))
            extra = set(e) - set(want)
            if extra:
                err("%s has unknown fields %s" % (kind, sorted(extra)))
            if errors:
                continue
            if n == 1 and kind != "start":
                err("the first event must be start")
            if e["step"] < last_step:
                err("step went back from %d to %d" % (last_step, e["step"]))
            last_step = e["step"]
            if kind == "alloc":
                if e["addr"] in live:
                    err("alloc at %s, still holding #%d" % (e["addr"], live[e["addr"]]))
                if e["id"] in ids:
                    err("id #%d allocated twice" % e["id"])
                if not -1 <= e["class"] < 32 or e["size"] <= 0:
                    err("bad size/class %d/%d" % (e["size"], e["class"]))
                if e["class"] >= 0 and e["size"] != (e["class"] + 1) * 16:
                    err("size %d is not class %d's" % (e["size"], e["class"]))
                live[e["addr"]] = e["id"]
                ids.add(e["id"])
            elif kind == "free":
                if e["reason"] not in ("refcount", "gc"):
                    err("bad reason %r" % e["reason"])
                if e["reason"] == "gc" and not in_gc:
                    err("freed by the collector outside a collection")
                if e["addr"] in live and live[e["addr"]] != e["id"]:
                    err("free of #%d at %s, where #%d lives" % (e["id"], e["addr"], live[e["addr"]]))
                live.pop(e["addr"], None)
                ids.add(e["id"])
            elif kind == "gc_start":
                if in_gc:
                    err("nested collection")
                in_gc = True
            elif kind == "gc_stop":
                if not in_gc:
                    err("gc_stop without gc_start")
                in_gc = False
                if not 0 <= e["generation"] <= 2:
                    err("bad generation")
            elif kind in ("gc_unreachable", "gc_finalize") and not in_gc:
                err("%s outside a collection" % kind)
            elif kind == "line" and e["line"] < 1:
                err("line %d" % e["line"])
    if n == 0:
        errors.append("empty file")
    elif not errors and kind != "end":
        errors.append("the last event must be end")
    return n, errors


def main():
    n, errors = check(sys.argv[1])
    if errors:
        print("\n".join(errors))
        return 1
    print("ok %d events" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
