/* Why alive: a shortest chain of references from a root to an object.
 *
 * Roots, in the order they are tried: the named variables of the running
 * frames (innermost first; module frames give their globals), the attributes
 * of imported modules, the builtins, the exception being handled, gc.garbage,
 * and the interpreter's caches (small ints, one-character strings, the empty
 * singletons). A breadth-first search then follows the references every
 * container reports through its type's traverse (the collector's own view of
 * the object graph). Value-stack slots of frames are not roots: they hold
 * temporaries, among them the argument of the very call asking the question.
 *
 * In 3.11 interned strings are mortal (the interning table's references are
 * not counted), so the table is not a root; an interned string with no chain
 * is said to be interned by the caller (pyheap.why_alive).
 *
 * The search uses system memory for its bookkeeping and allocates nothing in
 * the watched heap.
 */
#include "inspect/recorder.h"

#include "objects/code.h"
#include "objects/descr.h"
#include "objects/dict.h"
#include "objects/func.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/frame.h"

#include <stdlib.h>
#include <string.h>

typedef struct Node {
    PhObject *obj;
    int32_t parent; /* index of the node it was reached from, -1 for a root */
    int32_t root;   /* index in roots, for root nodes */
} Node;

typedef struct Search {
    PhState *S;
    VEC(Node) nodes;
    VEC(char *) roots;    /* description of each root, malloc'd */
    PhObject **seen;      /* open addressing set of visited objects */
    size_t seen_cap, seen_n;
    PhObject *target;
    int32_t found;        /* node index of the target, or -1 */
    size_t cur;           /* node being expanded */
    bool oom;
} Search;

static size_t hptr(const void *p, size_t mask)
{
    uint64_t x = (uint64_t)(uintptr_t)p >> 4;
    return (size_t)((x * 0x9E3779B97F4A7C15ull) >> 17) & mask;
}

/* Marks o seen; false if it already was. */
static bool mark(Search *z, PhObject *o)
{
    if ((z->seen_n + 1) * 2 > z->seen_cap) {
        size_t cap = z->seen_cap ? z->seen_cap * 2 : 4096;
        PhObject **t = calloc(cap, sizeof *t);
        if (!t) {
            z->oom = true;
            return false;
        }
        for (size_t i = 0; i < z->seen_cap; i++) {
            if (!z->seen[i]) continue;
            size_t h = hptr(z->seen[i], cap - 1);
            while (t[h]) h = (h + 1) & (cap - 1);
            t[h] = z->seen[i];
        }
        free(z->seen);
        z->seen = t;
        z->seen_cap = cap;
    }
    size_t h = hptr(o, z->seen_cap - 1);
    while (z->seen[h]) {
        if (z->seen[h] == o) return false;
        h = (h + 1) & (z->seen_cap - 1);
    }
    z->seen[h] = o;
    z->seen_n++;
    return true;
}

static void add_node(Search *z, PhObject *o, int32_t parent, int32_t root)
{
    if (!o || z->found >= 0 || z->oom || !mark(z, o)) return;
    VEC_PUSH(z->nodes, ((Node){o, parent, root}));
    if (o == z->target) z->found = (int32_t)z->nodes.n - 1;
}

static void add_root(Search *z, PhObject *o, const char *fmt, const char *a, const char *b)
{
    if (!o || z->found >= 0) return;
    char buf[320];
    snprintf(buf, sizeof buf, fmt, a, b);
    char *d = strdup(buf);
    if (!d) {
        z->oom = true;
        return;
    }
    VEC_PUSH(z->roots, d);
    size_t before = z->nodes.n;
    add_node(z, o, -1, (int32_t)z->roots.n - 1);
    if (z->nodes.n == before) { /* already reached: this root adds nothing */
        free(d);
        z->roots.n--;
    }
}

static const char *cstr(PhObject *s, char *buf, size_t cap)
{
    if (!s || !(s->type->flags & TPFLAG_UNICODE_SUBCLASS)) return "?";
    describe_str(s, buf, cap);
    return buf;
}

static bool is_dict(PhState *S, PhObject *o)
{
    return o && (o->type == &S->types.dict || (o->type->flags & TPFLAG_DICT_SUBCLASS));
}

/* Every str-keyed entry of a namespace dict as a root. */
static void dict_roots(Search *z, PhObject *d, const char *fmt, const char *owner)
{
    if (!is_dict(z->S, d)) return;
    ssize_t pos = 0;
    PhObject *k, *v;
    char name[160];
    while (dict_next(d, &pos, &k, &v) && z->found < 0)
        add_root(z, v, fmt, cstr(k, name, sizeof name), owner);
}

/* A namespace's __name__, read without allocating ("?" when absent). */
static const char *ns_name(PhState *S, PhObject *d, char *buf, size_t cap)
{
    ssize_t pos = 0;
    PhObject *k, *v;
    char kb[16];
    while (dict_next(d, &pos, &k, &v))
        if ((k->type->flags & TPFLAG_UNICODE_SUBCLASS) && strcmp(cstr(k, kb, sizeof kb), "__name__") == 0)
            return cstr(v, buf, cap);
    return "?";
}

static void frame_roots(Search *z)
{
    PhState *S = z->S;
    char fn[160];
    for (PhFrame *f = S->frame; f && z->found < 0; f = f->previous) {
        PhCode *co = f->code;
        const char *func = co ? cstr(co->qualname ? co->qualname : co->name, fn, sizeof fn) : "?";
        if (f->locals) {
            char mod[160];
            if (f->locals == f->globals)
                dict_roots(z, f->locals, "global '%s' (module %s)", ns_name(S, f->globals, mod, sizeof mod));
            else
                dict_roots(z, f->locals, "name '%s' in the body of class %s", func);
            continue;
        }
        for (int i = 0; co && i < co->nlocalsplus && z->found < 0; i++) {
            char nm[160];
            PhObject *v = frame_slot_value(f, i);
            if (v) add_root(z, v, "local '%s' in %s()", cstr(frame_slot_name(f, i), nm, sizeof nm), func);
        }
    }
}

static void module_roots(Search *z)
{
    PhState *S = z->S;
    if (!is_dict(S, S->modules)) return;
    ssize_t pos = 0;
    PhObject *k, *m;
    char mod[160];
    while (dict_next(S->modules, &pos, &k, &m) && z->found < 0) {
        if (m->type != &S->types.module) continue;
        dict_roots(z, MODULE_DICT(m), "%s (module %s)", cstr(k, mod, sizeof mod));
    }
}

static void cache_roots(Search *z)
{
    PhState *S = z->S;
    for (int i = 0; i < INT_NSMALL && z->found < 0; i++)
        add_root(z, S->small_ints[i], "%s%s", "the small-int cache (-5..256)", "");
    for (int i = 0; i < 256 && z->found < 0; i++)
        add_root(z, S->latin1[i], "%s%s", "the one-character string cache", "");
    add_root(z, S->empty_str, "%s%s", "the empty-string singleton", "");
    add_root(z, S->empty_tuple, "%s%s", "the empty-tuple singleton", "");
    add_root(z, S->empty_bytes, "%s%s", "the empty-bytes singleton", "");
    for (int i = 0; i < 256 && z->found < 0; i++)
        add_root(z, S->bytes_chars[i], "%s%s", "the one-byte bytes cache", "");
}

static int visit_child(PhObject *child, void *arg)
{
    Search *z = arg;
    add_node(z, child, z->nodes.n ? (int32_t)z->cur : -1, -1);
    return z->found >= 0 || z->oom;
}

/* ---- hop labels ------------------------------------------------------------------------- */

typedef struct AttrFind {
    PhObject *child;
    char *out;
    size_t cap;
} AttrFind;

static int attr_find(void *ctx, PhObject *name, PhObject *v)
{
    AttrFind *a = ctx;
    char nm[120];
    if (v != a->child) return 0;
    snprintf(a->out, a->cap, ".%s", cstr(name, nm, sizeof nm));
    return 1;
}

static bool attr_label(PhState *S, PhObject *o, PhObject *child, char *out, size_t cap)
{
    PhObject **dp = obj_dict_ptr(o);
    if (dp && *dp == child) {
        snprintf(out, cap, ".__dict__");
        return true;
    }
    AttrFind a = {child, out, cap};
    return inst_attrs(S, o, attr_find, &a) != 0;
}

/* How parent refers to child, e.g. "[2]", "['key']", ".attr". */
static void hop_label(PhState *S, PhObject *p, PhObject *child, char *out, size_t cap)
{
    PhType *t = p->type;
    char k[96];
    if (t == &S->types.list || (t->flags & TPFLAG_LIST_SUBCLASS)) {
        for (ssize_t i = 0; i < LIST_LEN(p); i++)
            if (LIST_GET(p, i) == child) {
                snprintf(out, cap, "[%zd]", i);
                return;
            }
    } else if (t == &S->types.tuple || (t->flags & TPFLAG_TUPLE_SUBCLASS)) {
        for (ssize_t i = 0; i < TUPLE_LEN(p); i++)
            if (TUPLE_GET(p, i) == child) {
                snprintf(out, cap, "[%zd]", i);
                return;
            }
    } else if (is_dict(S, p)) {
        ssize_t pos = 0;
        PhObject *key, *v;
        while (dict_next(p, &pos, &key, &v)) {
            if (v == child) {
                describe_value(S, key, k, sizeof k, 40);
                snprintf(out, cap, "[%s]", k);
                return;
            }
            if (key == child) {
                snprintf(out, cap, "(a key)");
                return;
            }
        }
    } else if (t == &S->types.set || t == &S->types.frozenset) {
        snprintf(out, cap, "(a member)");
        return;
    } else if (t == &S->types.function) {
        const PhFunction *f = (const PhFunction *)p;
        const char *n = child == f->globals ? ".__globals__" : child == f->defaults ? ".__defaults__"
                      : child == f->kwdefaults ? ".__kwdefaults__" : child == f->closure ? ".__closure__"
                      : child == f->code ? ".__code__" : child == f->dict ? ".__dict__"
                      : child == f->annotations ? ".__annotations__" : child == f->doc ? ".__doc__" : NULL;
        if (n) {
            snprintf(out, cap, "%s", n);
            return;
        }
    } else if (t == &S->types.cell) {
        snprintf(out, cap, ".cell_contents");
        return;
    } else if (t == &S->types.method) {
        snprintf(out, cap, child == ((PhMethod *)p)->self ? ".__self__" : ".__func__");
        return;
    } else if (t == &S->types.code) {
        snprintf(out, cap, ".co_consts");
        return;
    } else if (t == &S->types.module) {
        snprintf(out, cap, ".__dict__");
        return;
    }
    if (child == (PhObject *)p->type) {
        snprintf(out, cap, ".__class__");
        return;
    }
    if (attr_label(S, p, child, out, cap)) return;
    snprintf(out, cap, " (held by %s)", describe_type_name(S, p));
}

/* ---- the search ------------------------------------------------------------------------- */

int whyalive_path(PhState *S, PhObject *target, PathHop *out, int cap)
{
    Search z = {.S = S, .target = target, .found = -1};
    frame_roots(&z);
    module_roots(&z);
    if (S->builtins) dict_roots(&z, S->builtins, "builtins.%s%s", "");
    add_root(&z, S->handled_exc, "%s%s", "the exception being handled", "");
    add_root(&z, S->cur_exc, "%s%s", "the exception being raised", "");
    add_root(&z, S->gc_garbage, "%s%s", "gc.garbage", "");
    cache_roots(&z);
    for (size_t i = 0; i < z.nodes.n && z.found < 0 && !z.oom; i++) {
        PhObject *o = z.nodes.v[i].obj;
        /* Static objects (singletons, builtin types) have no GC header; the
         * collector never traverses them either. */
        if (!obj_is_gc(o) || !o->type->traverse) continue;
        if ((const char *)o >= (const char *)S && (const char *)o < (const char *)(S + 1)) continue;
        z.cur = i;
        o->type->traverse(o, visit_child, &z);
    }
    int n = 0;
    if (z.found >= 0 && !z.oom) {
        /* Walk back to the root, then write the hops root first. */
        int32_t chain[4096];
        int len = 0;
        for (int32_t i = z.found; i >= 0 && len < 4096; i = z.nodes.v[i].parent) chain[len++] = i;
        for (int k = len - 1; k >= 0 && n < cap; k--) {
            const Node *nd = &z.nodes.v[chain[k]];
            PathHop *h = &out[n++];
            h->from = nd->parent >= 0 ? z.nodes.v[nd->parent].obj : NULL;
            if (nd->parent < 0)
                snprintf(h->text, sizeof h->text, "%s", z.roots.v[nd->root]);
            else
                hop_label(S, h->from, nd->obj, h->text, sizeof h->text);
        }
    }
    for (size_t i = 0; i < z.roots.n; i++) free(z.roots.v[i]);
    VEC_FREE(z.roots);
    VEC_FREE(z.nodes);
    free(z.seen);
    return z.oom ? -1 : n;
}
