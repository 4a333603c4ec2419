/* The object model's C API (src/objects/typeobject, descr, abstract,
 * exceptions, traceback, src/vm/errors): err_format's conversions, readied
 * builtin types, classes made from C with type_new_class, the managed dict
 * (inline values, materialisation, what the collector sees), binary-operator
 * dispatch and its messages, exception formatting, and no leaks. */
#include "check.h"

#include "objects/abstract.h"
#include "objects/descr.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/str.h"
#include "objects/traceback.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/errors.h"
#include "vm/state.h"

static PhState *S;

static PhObject *T(const char *s) { return str_from_cstr(S, s); }

/* Is the current exception of type t with str() == msg? Clears it. */
static bool raised(PhType *t, const char *msg)
{
    PhObject *e = err_fetch(S);
    if (!e) {
        printf("    no exception\n");
        return false;
    }
    bool ok = e->type == t;
    if (!ok) printf("    got type %s\n", e->type->name);
    PhObject *s = obj_str(S, e);
    if (!s || !str_eq_cstr(s, msg)) {
        if (s) printf("    got message: %s\n", str_as_utf8(S, s, NULL));
        ok = false;
    }
    XDECREF(S, s);
    DECREF(S, e);
    return ok;
}

static bool repr_is(PhObject *o, const char *expect)
{
    PhObject *r = obj_repr(S, o);
    bool ok = r && str_eq_cstr(r, expect);
    if (r && !ok) printf("    got repr: %s\n", str_as_utf8(S, r, NULL));
    XDECREF(S, r);
    if (!r) err_clear(S);
    return ok;
}

TEST(err_format_conversions)
{
    PhObject *s = T("abc"), *n = int_from_i64(S, 42);
    err_format(S, &S->exc.ValueError, "%s|%d|%zd|%U|%R|%S|%T|%%|%5.2f|%x", "c", -3, (ssize_t)7, s, s,
               n, n, 1.5, 255u);
    CHECK(raised(&S->exc.ValueError, "c|-3|7|abc|'abc'|42|int|%| 1.50|ff"));
    DECREF(S, s);
    DECREF(S, n);
    CHECK(!err_occurred(S));
}

TEST(builtin_types_ready)
{
    PhType *t = &S->types.list;
    CHECK(t->dict && t->mro && TUPLE_LEN(t->mro) == 2);
    CHECK(TUPLE_GET(t->mro, 1) == (PhObject *)&S->types.object);
    CHECK(type_lookup(t, ID(S, __len__)) != NULL);
    CHECK(type_is_subtype(&S->types.bool_, &S->types.int_));
    CHECK(type_is_subtype(&S->exc.KeyError, &S->exc.LookupError));
    CHECK(repr_is((PhObject *)&S->types.int_, "<class 'int'>"));
    CHECK(repr_is(PH_NONE(S), "None"));
    CHECK(repr_is(PH_ELLIPSIS(S), "Ellipsis"));
    CHECK(obj_is_true(S, PH_NONE(S)) == 0);
}

TEST(binary_dispatch_messages)
{
    PhObject *one = int_from_i64(S, 1), *s = T("x");
    CHECK(num_binary(S, one, s, BINOP_ADD) == NULL);
    CHECK(raised(&S->exc.TypeError, "unsupported operand type(s) for +: 'int' and 'str'"));
    CHECK(num_power(S, s, one, NULL) == NULL);
    CHECK(raised(&S->exc.TypeError, "unsupported operand type(s) for ** or pow(): 'str' and 'int'"));
    CHECK(obj_richcompare(S, one, s, CMP_LT) == NULL);
    CHECK(raised(&S->exc.TypeError, "'<' not supported between instances of 'int' and 'str'"));
    CHECK_EQ(obj_richcompare_bool(S, one, s, CMP_EQ), 0);
    CHECK(obj_getitem(S, one, one) == NULL);
    CHECK(raised(&S->exc.TypeError, "'int' object is not subscriptable"));
    CHECK(obj_iter(S, one) == NULL);
    CHECK(raised(&S->exc.TypeError, "'int' object is not iterable"));
    CHECK(obj_call0(S, one) == NULL);
    CHECK(raised(&S->exc.TypeError, "'int' object is not callable"));
    CHECK_EQ(obj_len(S, one), -1);
    CHECK(raised(&S->exc.TypeError, "object of type 'int' has no len()"));
    PhObject *l = list_new(S, 0);
    CHECK_EQ(obj_hash(S, l), -1);
    CHECK(raised(&S->exc.TypeError, "unhashable type: 'list'"));
    CHECK(obj_getattr_str(S, PH_NONE(S), "x") == NULL);
    CHECK(raised(&S->exc.AttributeError, "'NoneType' object has no attribute 'x'"));
    DECREF(S, l);
    DECREF(S, one);
    DECREF(S, s);
}

/* class C: pass, made from C. */
static PhObject *make_class(const char *name)
{
    PhObject *n = T(name), *bases = tuple_new(S, 0), *ns = dict_new(S);
    PhObject *mod = T("__main__");
    dict_setitem(S, ns, ID(S, __module__), mod);
    PhObject *cls = type_new_class(S, &S->types.type, n, bases, ns);
    DECREF(S, n);
    DECREF(S, bases);
    DECREF(S, ns);
    DECREF(S, mod);
    return cls;
}

/* Counts an object's referents as the collector sees them. */
static int count_visit(PhObject *o, void *arg)
{
    (void)o;
    ++*(int *)arg;
    return 0;
}

TEST(managed_dict_values)
{
    PhObject *cls = make_class("C");
    CHECK(cls);
    CHECK(repr_is(cls, "<class '__main__.C'>"));
    PhType *t = (PhType *)cls;
    CHECK(t->flags & TPFLAG_MANAGED_DICT);
    CHECK_EQ(t->basicsize, 24); /* PhObject + weakref slot: getsizeof 56 */
    CHECK_EQ(type_preheader_size(t) + (size_t)t->basicsize, 56);
    PhObject *a = obj_call0(S, cls);
    CHECK(a);
    PhObject *v = int_from_i64(S, 1000);
    CHECK_EQ(obj_setattr_str(S, a, "x", v), 0);
    CHECK_EQ(obj_setattr_str(S, a, "y", v), 0);
    /* Inline values: no dict object yet; the collector sees type + 2 values. */
    CHECK(*obj_dict_ptr(a) == NULL);
    int n = 0;
    a->type->traverse(a, count_visit, &n);
    CHECK_EQ(n, 3);
    PhObject *got = obj_getattr_str(S, a, "y");
    CHECK(got == v);
    DECREF(S, got);
    CHECK_EQ(obj_setattr_str(S, a, "x", NULL), 0); /* del a.x */
    CHECK(obj_getattr_str(S, a, "x") == NULL);
    CHECK(raised(&S->exc.AttributeError, "'C' object has no attribute 'x'"));
    PhObject *d = obj_get_dict(S, a); /* materialise */
    CHECK(d && *obj_dict_ptr(a) == d);
    CHECK_EQ(dict_len(d), 1);
    DECREF(S, d);
    n = 0;
    a->type->traverse(a, count_visit, &n);
    CHECK_EQ(n, 2); /* type + dict */
    PhObject *r = obj_repr(S, a);
    CHECK(r && strncmp(str_as_utf8(S, r, NULL), "<__main__.C object at 0x", 24) == 0);
    DECREF(S, r);
    DECREF(S, v);
    DECREF(S, a);
    DECREF(S, cls);
    gc_collect_nofail(S);
}

TEST(object_init_messages)
{
    PhObject *cls = make_class("E");
    PhObject *one = int_from_i64(S, 1);
    CHECK(obj_call1(S, cls, one) == NULL);
    CHECK(raised(&S->exc.TypeError, "E() takes no arguments"));
    DECREF(S, one);
    DECREF(S, cls);
    gc_collect_nofail(S);
}

TEST(exception_str_repr)
{
    PhObject *a = T("a");
    PhObject *args = tuple_pack(S, 1, a);
    PhObject *ke = exc_create(S, &S->exc.KeyError, args);
    CHECK(ke);
    CHECK(repr_is(ke, "KeyError('a')"));
    PhObject *s = obj_str(S, ke);
    CHECK(s && str_eq_cstr(s, "'a'"));
    XDECREF(S, s);
    PhObject *ve = exc_create(S, &S->exc.ValueError, S->empty_tuple);
    CHECK(repr_is(ve, "ValueError()"));
    err_set_from_errno(S, 2, a);
    CHECK(raised(&S->exc.FileNotFoundError, "[Errno 2] No such file or directory: 'a'"));
    err_set_syntax(S, &S->exc.SyntaxError, "invalid syntax", "dir/x.py", 3, 1, "a b\n", 3, 2);
    CHECK(raised(&S->exc.SyntaxError, "invalid syntax (x.py, line 3)"));
    DECREF(S, ve);
    DECREF(S, ke);
    DECREF(S, args);
    DECREF(S, a);
}

TEST(implicit_context_chaining)
{
    PhObject *first = exc_create(S, &S->exc.KeyError, S->empty_tuple);
    S->handled_exc = first;
    err_format(S, &S->exc.ValueError, "second");
    PhObject *e = err_fetch(S);
    S->handled_exc = NULL;
    CHECK(e && ((PhBaseException *)e)->context == first);
    XDECREF(S, e);
    DECREF(S, first);
}

TEST(memory_error_preallocated)
{
    err_no_memory(S);
    PhObject *e = err_fetch(S);
    CHECK(e && e->type == &S->exc.MemoryError);
    CHECK(e == exc_memory_error(S));
    DECREF(S, e);
}

TEST(buf_and_builtin_func)
{
    PhBuf b;
    buf_init(&b, S);
    buf_printf(&b, "%d-%s", 7, "x");
    buf_puts(&b, "!");
    PhObject *s = buf_to_str(&b);
    buf_free(&b);
    CHECK(s && str_eq_cstr(s, "7-x!"));
    XDECREF(S, s);
    PhObject *m = module_new(S, "mod");
    CHECK(repr_is(m, "<module 'mod' (built-in)>"));
    DECREF(S, m);
}

TEST(recursion_guard)
{
    int saved = S->recursion_depth;
    S->recursion_depth = S->recursion_limit;
    int rc = err_enter_recursive(S, " while testing");
    S->recursion_depth = saved; /* before raised(): str() itself is guarded */
    CHECK_EQ(rc, -1);
    CHECK(raised(&S->exc.RecursionError, "maximum recursion depth exceeded while testing"));
    CHECK_EQ(err_enter_recursive(S, ""), 0);
    err_leave_recursive(S);
}

int main(void)
{
    S = ph_state_new(NULL);
    if (!S) return 1;
    RUN(err_format_conversions);
    RUN(builtin_types_ready);
    RUN(binary_dispatch_messages);
    RUN(managed_dict_values);
    RUN(object_init_messages);
    RUN(exception_str_repr);
    RUN(implicit_context_chaining);
    RUN(memory_error_preallocated);
    RUN(buf_and_builtin_func);
    RUN(recursion_guard);
    size_t leaked = ph_state_free(S);
    if (leaked) {
        printf("FAIL no_leaks: %zu heap blocks left\n", leaked);
        check_total_failed_++;
    } else {
        printf("PASS no_leaks\n");
    }
    CHECK_EXIT();
}
