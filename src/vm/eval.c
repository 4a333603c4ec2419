/* The bytecode interpreter loop.
 *
 * One C call of eval_frame runs an "entry" frame and every Python frame it
 * calls: a call to a Python function pushes the callee's frame on the frame
 * stack and jumps to start_frame; RETURN_VALUE pops it and resumes the
 * caller. Only calls that go through C (obj_call of a function object, type
 * calls running __init__, generators being resumed) enter eval_frame again.
 *
 * Registers while a frame runs:
 *   frame  the PhFrame executing (S->frame == frame)
 *   ip     the next instruction; frame->instr the one executing
 *   sp     the top of the value stack (inside frame->localsplus)
 * frame->stacktop is only kept up to date when the frame is left (calls,
 * yields); everything that inspects frames reads the slots below
 * nlocalsplus, which live in memory all the time.
 *
 * Exceptions: an instruction that fails jumps to `error`, which records a
 * traceback entry for this frame (with its frame object, so tb_frame keeps
 * the locals alive) and then looks the instruction up in the exception
 * table. A handler gets the stack cut to its depth plus the exception; with
 * no handler the frame is popped and the caller continues at `error` (so it
 * adds its own traceback entry at its CALL instruction).
 */
#include "eval.h"

#include "compiler/opcodes.h"
#include "mem/events.h"
#include "objects/abstract.h"
#include "objects/descr.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/func.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/set.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/traceback.h"
#include "objects/tuple.h"
#include "objects/typeobject.h"
#include "vm/call.h"
#include "vm/errors.h"

#include <string.h>

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#ifndef PH_NO_COMPUTED_GOTOS /* -DPH_NO_COMPUTED_GOTOS tests the switch */
#define USE_COMPUTED_GOTOS 1
#endif
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

/* GCC merges the identical dispatch sequences that end every instruction
 * into a few shared ones (cross-jumping) and hoists loads out of them
 * (GCSE), which costs a jump per instruction and spills the loop's
 * registers; the GCC manual advises -fno-gcse for computed gotos. */
#if defined(__GNUC__) && !defined(__clang__) && defined(USE_COMPUTED_GOTOS)
#define EVAL_LOOP_OPTIMIZE __attribute__((optimize("no-gcse", "no-crossjumping")))
#else
#define EVAL_LOOP_OPTIMIZE
#endif

int eval_init(PhState *S) { return 0; }
void eval_fini(PhState *S) {}

int eval_current_line(PhState *S)
{
    return S->frame ? frame_current_line(S->frame) : 0;
}

/* ---- events ------------------------------------------------------------------------------ */

static void emit_frame_event(PhState *S, PhEventKind kind, PhFrame *f)
{
    events_emit(S, &(PhEvent){.kind = kind, .frame = f, .line = frame_current_line(f)});
}

static void emit_line_event(PhState *S, PhFrame *f, int line)
{
    events_emit(S, &(PhEvent){.kind = EV_LINE, .frame = f, .line = line});
}

/* ---- error helpers (out of line) ------------------------------------------------------------ */

static void name_error(PhState *S, PhObject *name)
{
    err_format(S, &S->exc.NameError, "name '%U' is not defined", name);
    /* NameError.name lets the traceback printer suggest similar names. */
    PhObject *exc = err_current(S);
    if (exc && obj_type_check(exc, &S->exc.NameError)) {
        PhObject *e = err_fetch(S);
        if (obj_setattr_str(S, e, "name", name) < 0) err_clear(S);
        err_restore(S, e);
    }
}

static void unbound_local(PhState *S, PhCode *co, int i)
{
    err_format(S, &S->exc.UnboundLocalError,
               "cannot access local variable '%U' where it is not associated with a value",
               TUPLE_GET(co->varnames, i));
}

static void unbound_deref(PhState *S, PhCode *co, int slot)
{
    int i = slot - co->nlocals;
    if (i < co->ncells) {
        err_format(S, &S->exc.UnboundLocalError,
                   "cannot access local variable '%U' where it is not associated with a value",
                   TUPLE_GET(co->cellvars, i));
    } else {
        err_format(S, &S->exc.NameError,
                   "cannot access free variable '%U' where it is not associated with a value in "
                   "enclosing scope",
                   TUPLE_GET(co->freevars, i - co->ncells));
    }
}

/* `func.__qualname__()` or `module.qualname()` for messages about calls. */
static PhObject *function_str(PhState *S, PhObject *func)
{
    PhObject *qualname = obj_lookup_attr(S, func, ID(S, __qualname__));
    if (!qualname) {
        if (err_occurred(S)) return NULL;
        return obj_str(S, func);
    }
    PhObject *module = obj_lookup_attr(S, func, ID(S, __module__));
    if (!module && err_occurred(S)) {
        DECREF(S, qualname);
        return NULL;
    }
    PhObject *r;
    if (module && module != PH_NONE(S) && !(str_check(module) && str_eq_cstr(module, "builtins")))
        r = str_from_format(S, "%S.%S()", module, qualname);
    else
        r = str_from_format(S, "%S()", qualname);
    DECREF(S, qualname);
    XDECREF(S, module);
    return r;
}

/* `raise exc from cause`: 0 after setting the exception, -1 on error (with
 * another exception set). exc == NULL re-raises the handled exception and
 * returns 1 (no new traceback entry). */
static int do_raise(PhState *S, PhObject *exc, PhObject *cause)
{
    PhObject *value = NULL;
    if (!exc) {
        PhObject *h = S->handled_exc;
        if (!h || h == PH_NONE(S)) {
            err_format(S, &S->exc.RuntimeError, "No active exception to reraise");
            return 0;
        }
        INCREF(h);
        err_restore(S, h);
        return 1;
    }
    if (exc->type == &S->types.type || type_is_subtype(exc->type, &S->types.type)) {
        PhType *t = (PhType *)exc;
        if (!type_is_subtype(t, &S->exc.BaseException)) {
            err_format(S, &S->exc.TypeError, "exceptions must derive from BaseException");
            return 0;
        }
        value = obj_call0(S, exc);
        if (!value) return 0;
        if (!obj_type_check(value, &S->exc.BaseException)) {
            err_format(S, &S->exc.TypeError,
                       "calling %R should have returned an instance of BaseException, not %T",
                       exc, value);
            DECREF(S, value);
            return 0;
        }
    } else if (obj_type_check(exc, &S->exc.BaseException)) {
        value = exc;
        INCREF(value);
    } else {
        err_format(S, &S->exc.TypeError, "exceptions must derive from BaseException");
        return 0;
    }
    if (cause) {
        PhObject *fixed = NULL;
        if (cause->type == &S->types.type || type_is_subtype(cause->type, &S->types.type)) {
            if (!type_is_subtype((PhType *)cause, &S->exc.BaseException)) goto bad_cause;
            fixed = obj_call0(S, cause);
            if (!fixed) goto fail;
            if (!obj_type_check(fixed, &S->exc.BaseException)) {
                DECREF(S, fixed);
                goto bad_cause;
            }
        } else if (obj_type_check(cause, &S->exc.BaseException)) {
            fixed = cause;
            INCREF(fixed);
        } else if (cause == PH_NONE(S)) {
            fixed = NULL;
        } else {
            goto bad_cause;
        }
        PhBaseException *e = (PhBaseException *)value;
        PhObject *old = e->cause;
        e->cause = fixed;
        XDECREF(S, old);
        e->suppress_context = 1;
    }
    err_set_raised(S, value);
    DECREF(S, value);
    return 0;
bad_cause:
    err_format(S, &S->exc.TypeError, "exception causes must derive from BaseException");
fail:
    DECREF(S, value);
    return 0;
}

/* except T: T must be an exception class or a tuple of them. */
static int check_except_type(PhState *S, PhObject *t)
{
    if (t->type == &S->types.tuple) {
        for (ssize_t i = 0; i < TUPLE_LEN(t); i++)
            if (check_except_type(S, TUPLE_GET(t, i)) < 0) return -1;
        return 0;
    }
    if ((t->type == &S->types.type || type_is_subtype(t->type, &S->types.type)) &&
        type_is_subtype((PhType *)t, &S->exc.BaseException))
        return 0;
    err_format(S, &S->exc.TypeError,
               "catching classes that do not inherit from BaseException is not allowed");
    return -1;
}

static bool exc_matches(PhState *S, PhObject *exc, PhObject *t)
{
    if (t->type == &S->types.tuple) {
        for (ssize_t i = 0; i < TUPLE_LEN(t); i++)
            if (exc_matches(S, exc, TUPLE_GET(t, i))) return true;
        return false;
    }
    return type_is_subtype(exc->type, (PhType *)t);
}

/* Unpacks iterable v into sp[0..argcnt+argcntafter+(star)) in reverse order
 * (first item on top). Returns 0, or -1 with the exception (CPython's
 * messages). */
static int unpack_iterable(PhState *S, PhObject *v, int argcnt, int argcntafter, PhObject **sp)
{
    PhObject *it = obj_iter(S, v);
    if (!it) {
        if (err_matches(S, (PhObject *)&S->exc.TypeError) && !v->type->iter &&
            !(v->type->as_sequence && v->type->as_sequence->item)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "cannot unpack non-iterable %s object", v->type->name);
        }
        return -1;
    }
    int total = argcnt + (argcntafter >= 0 ? 1 + argcntafter : 0);
    PhObject **top = sp + total; /* items go downwards from top */
    int i = 0;
    for (; i < argcnt; i++) {
        PhObject *w = obj_iternext(S, it);
        if (!w) {
            if (!err_occurred(S)) {
                if (argcntafter < 0)
                    err_format(S, &S->exc.ValueError,
                               "not enough values to unpack (expected %d, got %d)", argcnt, i);
                else
                    err_format(S, &S->exc.ValueError,
                               "not enough values to unpack (expected at least %d, got %d)",
                               argcnt + argcntafter, i);
            }
            goto fail;
        }
        *--top = w;
    }
    if (argcntafter < 0) {
        PhObject *w = obj_iternext(S, it);
        if (!w) {
            if (err_occurred(S)) goto fail;
            DECREF(S, it);
            return 0;
        }
        DECREF(S, w);
        err_format(S, &S->exc.ValueError, "too many values to unpack (expected %d)", argcnt);
        goto fail;
    }
    PhObject *l = list_from_iterable(S, it);
    if (!l) goto fail;
    *--top = l;
    i++;
    ssize_t ll = LIST_LEN(l);
    if (ll < argcntafter) {
        err_format(S, &S->exc.ValueError,
                   "not enough values to unpack (expected at least %d, got %zd)",
                   argcnt + argcntafter, argcnt + ll);
        goto fail;
    }
    /* Move the last argcntafter items of the list onto the stack. */
    for (int j = argcntafter; j > 0; j--, i++) *--top = LIST_ITEMS(l)[ll - j];
    ((PhVarObject *)l)->size = ll - argcntafter;
    DECREF(S, it);
    return 0;
fail:
    for (; i > 0; i--) DECREF(S, *top++);
    DECREF(S, it);
    return -1;
}

/* type(o).__dict__[name] bound to o (the special method lookup), or NULL
 * without an exception when the type has no such attribute. */
static PhObject *special_lookup(PhState *S, PhObject *o, PhObject *name)
{
    PhObject *d = type_lookup(o->type, name);
    if (!d) return NULL;
    descrgetfunc get = d->type->descr_get;
    if (get) return get(S, d, o, (PhObject *)o->type);
    INCREF(d);
    return d;
}

static PhObject *import_from(PhState *S, PhObject *module, PhObject *name)
{
    PhObject *x = obj_lookup_attr(S, module, name);
    if (x || err_occurred(S)) return x;
    /* A submodule imported under its parent may not be an attribute yet. */
    PhObject *pkgname = obj_lookup_attr(S, module, ID(S, __name__));
    if (pkgname && str_check(pkgname)) {
        PhObject *full = str_from_format(S, "%U.%U", pkgname, name);
        if (full && S->modules) {
            x = dict_getitem(S, S->modules, full);
            XINCREF(x);
        }
        XDECREF(S, full);
        if (x) {
            DECREF(S, pkgname);
            return x;
        }
    }
    if (err_occurred(S)) err_clear(S);
    PhObject *file = obj_getattr_str(S, module, "__file__");
    if (!file && err_occurred(S)) err_clear(S);
    if (pkgname && str_check(pkgname)) {
        if (file)
            err_format(S, &S->exc.ImportError, "cannot import name '%U' from '%U' (%S)", name,
                       pkgname, file);
        else
            err_format(S, &S->exc.ImportError,
                       "cannot import name '%U' from '%U' (unknown location)", name, pkgname);
    } else {
        err_format(S, &S->exc.ImportError, "cannot import name '%U' from '<unknown module name>' (unknown location)", name);
    }
    XDECREF(S, file);
    XDECREF(S, pkgname);
    return NULL;
}

static int import_star(PhState *S, PhFrame *f, PhObject *module)
{
    PhObject *locals = f->locals;
    if (!locals) {
        err_format(S, &S->exc.SystemError, "no locals found during 'import *'");
        return -1;
    }
    PhObject *all = obj_getattr_str(S, module, "__all__");
    int skip_private = 0;
    if (!all) {
        if (!err_matches(S, (PhObject *)&S->exc.AttributeError)) return -1;
        err_clear(S);
        PhObject *dict = obj_getattr_str(S, module, "__dict__");
        if (!dict) {
            if (err_matches(S, (PhObject *)&S->exc.AttributeError)) {
                err_clear(S);
                err_format(S, &S->exc.ImportError,
                           "from-import-* object has no __dict__ and no __all__");
            }
            return -1;
        }
        all = dict_keys_list(S, dict);
        DECREF(S, dict);
        if (!all) return -1;
        skip_private = 1;
    }
    PhObject *it = obj_iter(S, all);
    DECREF(S, all);
    if (!it) return -1;
    PhObject *name;
    int rc = 0;
    while ((name = obj_iternext(S, it))) {
        if (skip_private && str_check(name) && str_len(name) > 0 && str_char_at(name, 0) == '_') {
            DECREF(S, name);
            continue;
        }
        PhObject *v = obj_getattr(S, module, name);
        if (!v) rc = -1;
        else {
            rc = locals->type == &S->types.dict ? dict_setitem(S, locals, name, v)
                                                : obj_setitem(S, locals, name, v);
            DECREF(S, v);
        }
        DECREF(S, name);
        if (rc < 0) break;
    }
    DECREF(S, it);
    if (rc == 0 && err_occurred(S)) rc = -1;
    return rc;
}

/* f(**m) merging into the kwargs dict: duplicate keys and non-mappings are
 * TypeErrors naming the function. */
static int dict_merge_kwargs(PhState *S, PhObject *func, PhObject *dict, PhObject *update)
{
    if (update->type == &S->types.dict || obj_lookup_attr(S, update, ID(S, __getitem__))) {
        if (err_occurred(S)) return -1;
        PhObject *keys = NULL;
        PhObject *it = NULL;
        if (update->type == &S->types.dict) {
            keys = dict_keys_list(S, update);
        } else {
            PhObject *meth = obj_getattr_str(S, update, "keys");
            if (!meth) goto not_mapping;
            keys = obj_call0(S, meth);
            DECREF(S, meth);
        }
        if (!keys) return -1;
        it = obj_iter(S, keys);
        DECREF(S, keys);
        if (!it) return -1;
        PhObject *k;
        while ((k = obj_iternext(S, it))) {
            int has = dict_contains(S, dict, k);
            if (has != 0) {
                if (has > 0) {
                    PhObject *fs = function_str(S, func);
                    if (fs) {
                        if (str_check(k))
                            err_format(S, &S->exc.TypeError,
                                       "%U got multiple values for keyword argument '%S'", fs, k);
                        else
                            err_format(S, &S->exc.TypeError, "%U keywords must be strings", fs);
                        DECREF(S, fs);
                    }
                }
                DECREF(S, k);
                DECREF(S, it);
                return -1;
            }
            PhObject *v = obj_getitem(S, update, k);
            if (!v || dict_setitem(S, dict, k, v) < 0) {
                XDECREF(S, v);
                DECREF(S, k);
                DECREF(S, it);
                return -1;
            }
            DECREF(S, v);
            DECREF(S, k);
        }
        DECREF(S, it);
        return err_occurred(S) ? -1 : 0;
    }
    if (err_occurred(S)) return -1;
not_mapping:
    if (err_occurred(S) && !err_matches(S, (PhObject *)&S->exc.AttributeError)) return -1;
    err_clear(S);
    {
        PhObject *fs = function_str(S, func);
        if (fs) {
            err_format(S, &S->exc.TypeError, "%U argument after ** must be a mapping, not %s", fs,
                       update->type->name);
            DECREF(S, fs);
        }
    }
    return -1;
}

/* callable(*args, **kwargs) of CALL_FUNCTION_EX. */
static PhObject *call_function_ex(PhState *S, PhObject *func, PhObject *args, PhObject *kwargs)
{
    PhObject *tuple = args;
    if (args->type != &S->types.tuple) {
        if (!args->type->iter && !(args->type->as_sequence && args->type->as_sequence->item)) {
            PhObject *fs = function_str(S, func);
            if (fs) {
                err_format(S, &S->exc.TypeError, "%U argument after * must be an iterable, not %s",
                           fs, args->type->name);
                DECREF(S, fs);
            }
            return NULL;
        }
        tuple = tuple_from_iterable(S, args);
        if (!tuple) return NULL;
    } else {
        INCREF(tuple);
    }
    PhObject *res = obj_call_tuple_dict(S, func, tuple, kwargs && dict_len(kwargs) ? kwargs : NULL);
    DECREF(S, tuple);
    return res;
}

/* The interactive mode's expression statements: sys.displayhook(v), or,
 * without one, print repr(v) unless it is None and set builtins._. */
static int print_expr(PhState *S, PhObject *v)
{
    PhObject *hook = S->sys_module ? obj_getattr_str(S, S->sys_module, "displayhook") : NULL;
    if (hook) {
        PhObject *r = obj_call1(S, hook, v);
        DECREF(S, hook);
        if (!r) return -1;
        DECREF(S, r);
        return 0;
    }
    if (err_occurred(S)) err_clear(S);
    if (v == PH_NONE(S)) return 0;
    PhObject *r = obj_repr(S, v);
    if (!r) return -1;
    PhObject *out = S->stdout_obj;
    int rc = 0;
    if (out) {
        PhObject *nl = str_from_cstr(S, "\n");
        PhObject *a = obj_call_method(S, out, "write", &r, 1);
        PhObject *b = a && nl ? obj_call_method(S, out, "write", &nl, 1) : NULL;
        if (!a || !b) rc = -1;
        XDECREF(S, a);
        XDECREF(S, b);
        XDECREF(S, nl);
    }
    DECREF(S, r);
    if (rc == 0 && S->builtins) rc = dict_setitem_str(S, S->builtins, "_", v);
    return rc;
}

/* ---- globals --------------------------------------------------------------------------------- */

static PhObject *load_global_slow(PhState *S, PhFrame *f, int oparg)
{
    PhCode *co = f->code;
    PhObject *name = TUPLE_GET(co->names, oparg);
    PhObject *g = f->globals, *b = f->builtins;
    PhObject *v = dict_getitem(S, g, name);
    if (!v) {
        if (err_occurred(S)) return NULL;
        if (b->type == &S->types.dict) {
            v = dict_getitem(S, b, name);
            if (!v && err_occurred(S)) return NULL;
        } else {
            v = obj_getitem(S, b, name);
            if (!v) {
                if (err_matches(S, (PhObject *)&S->exc.KeyError)) {
                    err_clear(S);
                    name_error(S, name);
                }
                return NULL;
            }
            return v; /* new reference: not cached */
        }
        if (!v) {
            name_error(S, name);
            return NULL;
        }
    }
    PhGlobalCache *c = &co->gcache[oparg];
    uint64_t gv = ((PhDict *)g)->version;
    uint64_t bv = b->type == &S->types.dict ? ((PhDict *)b)->version : 0;
    if (gv && bv) {
        c->globals_version = gv;
        c->builtins_version = bv;
        c->globals = g;
        c->value = v;
    }
    INCREF(v);
    return v;
}

static PhObject *load_name(PhState *S, PhFrame *f, PhObject *name)
{
    PhObject *locals = f->locals, *v;
    if (!locals) {
        err_format(S, &S->exc.SystemError, "no locals when loading %R", name);
        return NULL;
    }
    if (locals->type == &S->types.dict) {
        v = dict_getitem(S, locals, name);
        if (v) {
            INCREF(v);
            return v;
        }
        if (err_occurred(S)) return NULL;
    } else {
        v = obj_getitem(S, locals, name);
        if (v) return v;
        if (!err_matches(S, (PhObject *)&S->exc.KeyError)) return NULL;
        err_clear(S);
    }
    v = dict_getitem(S, f->globals, name);
    if (v) {
        INCREF(v);
        return v;
    }
    if (err_occurred(S)) return NULL;
    if (f->builtins->type == &S->types.dict) {
        v = dict_getitem(S, f->builtins, name);
        if (v) {
            INCREF(v);
            return v;
        }
        if (err_occurred(S)) return NULL;
    } else {
        v = obj_getitem(S, f->builtins, name);
        if (v) return v;
        if (!err_matches(S, (PhObject *)&S->exc.KeyError)) return NULL;
        err_clear(S);
    }
    name_error(S, name);
    return NULL;
}

/* ---- arithmetic fast paths ---------------------------------------------------------------- */

/* Value of an exact int with at most two digits (|v| < 2**60): every such
 * value, and the sum or difference of two, fits in an int64. */
static inline bool small_int(PhState *S, PhObject *o, int64_t *v)
{
    if (o->type != &S->types.int_) return false;
    ssize_t size = ((PhVarObject *)o)->size;
    const int_digit *d = ((PhInt *)o)->digits;
    if (LIKELY((size_t)(size + 1) <= 2)) { /* -1, 0, 1 */
        *v = size * (int64_t)d[0];
        return true;
    }
    if ((size_t)(size + 2) > 4) return false;
    int64_t m = (int64_t)(((uint64_t)d[1] << INT_SHIFT) | d[0]);
    *v = size < 0 ? -m : m;
    return true;
}

/* int_from_i64 without its calls for the common results: a cached small
 * int, or a fresh one- or two-digit int made here with the same size and
 * layout int_alloc gives. */
static inline __attribute__((always_inline)) PhObject *make_int(PhState *S, int64_t v)
{
    if ((uint64_t)(v - INT_SMALL_MIN) < (uint64_t)INT_NSMALL) {
        PhObject *o = S->small_ints[v - INT_SMALL_MIN];
        INCREF(o);
        return o;
    }
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (mag >> (2 * INT_SHIFT)) return int_from_i64(S, v);
    ssize_t n = (mag >> INT_SHIFT) ? 2 : 1;
    PhType *t = &S->types.int_;
    PhInt *o = (PhInt *)obj_alloc(S, t, type_object_size(t, n));
    if (UNLIKELY(!o)) return err_no_memory(S);
    o->digits[0] = (int_digit)(mag & INT_MASK);
    if (n == 2) o->digits[1] = (int_digit)(mag >> INT_SHIFT);
    o->ob.size = v < 0 ? -n : n;
    return (PhObject *)o;
}

/* |v| < 2**31: INT32_MIN is excluded, so INT32_MIN / -1 cannot occur. */
static inline bool fits_i32(int64_t v) { return (uint64_t)(v + INT32_MAX) <= 2 * (uint64_t)INT32_MAX; }

/* |v| <= 2**53: the value converts to a double exactly. */
static inline bool exact_in_double(int64_t v)
{
    return (uint64_t)(v + ((int64_t)1 << 53)) <= ((uint64_t)1 << 54);
}

/* a OP b for exact ints of at most two digits, where the result is cheap
 * and exact; NULL (no exception) when the general path must decide.
 * ZeroDivisionError and friends are left to the general path. */
static PhObject *int_binop(PhState *S, int op, int64_t a, int64_t b)
{
    int64_t r;
    switch (op) {
    case BINOP_ADD: return make_int(S, a + b);
    case BINOP_SUB: return make_int(S, a - b);
    case BINOP_MUL:
        if (__builtin_mul_overflow(a, b, &r)) return NULL;
        return make_int(S, r);
    case BINOP_FLOORDIV:
        if (b == 0) return NULL;
        if (fits_i32(a) && fits_i32(b)) {
            /* A 32-bit division is several times faster than a 64-bit one;
             * one-digit ints always take this way. */
            int32_t q = (int32_t)a / (int32_t)b, m = (int32_t)a % (int32_t)b;
            r = q - (m != 0 && ((m < 0) != (b < 0)));
        } else {
            r = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) r--;
        }
        return make_int(S, r);
    case BINOP_MOD:
        if (b == 0) return NULL;
        r = fits_i32(a) && fits_i32(b) ? (int64_t)((int32_t)a % (int32_t)b) : a % b;
        if (r != 0 && ((r < 0) != (b < 0))) r += b;
        return make_int(S, r);
    case BINOP_TRUEDIV:
        /* Both exact in a double: one correctly rounded division, as
         * int.__truediv__'s own fast path. */
        if (b == 0 || !exact_in_double(a) || !exact_in_double(b)) return NULL;
        return float_from_double(S, (double)a / (double)b);
    case BINOP_AND: return make_int(S, a & b);
    case BINOP_OR: return make_int(S, a | b);
    case BINOP_XOR: return make_int(S, a ^ b);
    case BINOP_LSHIFT:
        if (b < 0 || b > 62) return NULL;
        {
            uint64_t m = a < 0 ? 0 - (uint64_t)a : (uint64_t)a;
            if (m >> (62 - b)) return NULL;
            return make_int(S, (int64_t)((uint64_t)a << b));
        }
    case BINOP_RSHIFT:
        if (b < 0) return NULL;
        return make_int(S, a >> (b > 63 ? 63 : b));
    default: return NULL;
    }
}

/* a OP b when at least one side is an exact float and the other an exact
 * float or small int; NULL (no exception) for the general path. */
static PhObject *float_binop(PhState *S, int op, PhObject *l, PhObject *r)
{
    double x, y;
    int64_t a;
    if (l->type == &S->types.float_) x = float_value(l);
    else if (small_int(S, l, &a)) x = (double)a;
    else return NULL;
    if (r->type == &S->types.float_) y = float_value(r);
    else if (small_int(S, r, &a)) y = (double)a;
    else return NULL;
    switch (op) {
    case BINOP_ADD: return float_from_double(S, x + y);
    case BINOP_SUB: return float_from_double(S, x - y);
    case BINOP_MUL: return float_from_double(S, x * y);
    case BINOP_TRUEDIV:
        if (y == 0.0) return NULL;
        return float_from_double(S, x / y);
    default: return NULL;
    }
}

/* The arithmetic fast path of BINARY_OP and INPLACE_OP. */
static PhObject *fast_binop(PhState *S, int op, PhObject *l, PhObject *r)
{
    int64_t a, b;
    if (small_int(S, l, &a)) {
        if (small_int(S, r, &b)) return int_binop(S, op, a, b);
        if (r->type == &S->types.float_) return float_binop(S, op, l, r);
        return NULL;
    }
    if (l->type == &S->types.float_) return float_binop(S, op, l, r);
    return NULL;
}

/* -1, 0, 1: l compared with r, both exact ints of at most two digits. */
static inline int cmp_result(int op, int c)
{
    switch (op) {
    case CMP_LT: return c < 0;
    case CMP_LE: return c <= 0;
    case CMP_EQ: return c == 0;
    case CMP_NE: return c != 0;
    case CMP_GT: return c > 0;
    default: return c >= 0;
    }
}

/* l OP r for two exact floats, or two exact ints: 0 or 1 (no object is
 * made); -1 when the general comparison must decide. */
static inline int fast_compare(PhState *S, int op, PhObject *l, PhObject *r)
{
    if (l->type == &S->types.int_ && r->type == &S->types.int_) {
        /* One digit or zero each: compare the values. */
        ssize_t sl = ((PhVarObject *)l)->size, sr = ((PhVarObject *)r)->size;
        int c;
        if (LIKELY((size_t)(sl + 1) <= 2 && (size_t)(sr + 1) <= 2)) {
            int64_t a = sl * (int64_t)((PhInt *)l)->digits[0];
            int64_t b = sr * (int64_t)((PhInt *)r)->digits[0];
            c = (a > b) - (a < b);
        } else {
            c = int_compare(l, r);
        }
        return cmp_result(op, c);
    }
    if (l->type == &S->types.float_ && r->type == &S->types.float_) {
        double x = float_value(l), y = float_value(r);
        switch (op) {
        case CMP_LT: return x < y;
        case CMP_LE: return x <= y;
        case CMP_EQ: return x == y;
        case CMP_NE: return x != y;
        case CMP_GT: return x > y;
        default: return x >= y;
        }
    }
    return -1;
}

/* ---- superinstructions ------------------------------------------------------------------------ */

/* The instruction a superinstruction begins with (op itself for any other
 * instruction). */
static inline int super_first(int op)
{
    switch (op) {
    case OP_LOAD_FAST__LOAD_FAST:
    case OP_LOAD_FAST__LOAD_CONST: return OP_LOAD_FAST;
    case OP_LOAD_CONST__LOAD_FAST: return OP_LOAD_CONST;
    case OP_STORE_FAST__LOAD_FAST:
    case OP_STORE_FAST__STORE_FAST: return OP_STORE_FAST;
    case OP_COMPARE_OP__POP_JUMP_IF_FALSE:
    case OP_COMPARE_OP__POP_JUMP_IF_TRUE: return OP_COMPARE_OP;
    case OP_IS_OP__POP_JUMP_IF_FALSE:
    case OP_IS_OP__POP_JUMP_IF_TRUE: return OP_IS_OP;
    default: return op;
    }
}

/* The superinstruction for the pair (a, b), or -1. */
static int super_for(int a, int b)
{
    switch (a) {
    case OP_LOAD_FAST:
        if (b == OP_LOAD_FAST) return OP_LOAD_FAST__LOAD_FAST;
        if (b == OP_LOAD_CONST) return OP_LOAD_FAST__LOAD_CONST;
        return -1;
    case OP_LOAD_CONST: return b == OP_LOAD_FAST ? OP_LOAD_CONST__LOAD_FAST : -1;
    case OP_STORE_FAST:
        if (b == OP_LOAD_FAST) return OP_STORE_FAST__LOAD_FAST;
        if (b == OP_STORE_FAST) return OP_STORE_FAST__STORE_FAST;
        return -1;
    case OP_COMPARE_OP:
        if (b == OP_POP_JUMP_IF_FALSE) return OP_COMPARE_OP__POP_JUMP_IF_FALSE;
        if (b == OP_POP_JUMP_IF_TRUE) return OP_COMPARE_OP__POP_JUMP_IF_TRUE;
        return -1;
    case OP_IS_OP:
        if (b == OP_POP_JUMP_IF_FALSE) return OP_IS_OP__POP_JUMP_IF_FALSE;
        if (b == OP_POP_JUMP_IF_TRUE) return OP_IS_OP__POP_JUMP_IF_TRUE;
        return -1;
    default: return -1;
    }
}

/* Rewrites the first instruction of each fusable pair into the
 * superinstruction that runs both, saving a dispatch (and, for a
 * comparison feeding a jump, the bool). The second instruction is left as
 * it was, so a jump to it, its position and its exception-table entry all
 * still work; the superinstruction points frame->instr at it before doing
 * anything in its name that can fail or run code. Pairs whose second
 * instruction starts a line are not fused: a listener set while the first
 * runs must still see that line. With a listener the loop runs every
 * instruction on its own (trace_instr maps a superinstruction back to its
 * first instruction). Pairs are judged on the original opcodes, so pairs
 * may overlap. */
void eval_quicken(PhInstr *instrs, const uint8_t *line_start, int n)
{
    for (int i = 0; i + 1 < n; i++) {
        if (line_start[i + 1] != 0) continue;
        int op = super_for(INSTR_OP(instrs[i]), INSTR_OP(instrs[i + 1]));
        if (op >= 0) instrs[i] = INSTR_MAKE(op, INSTR_ARG(instrs[i]));
    }
}

/* ---- the loop ------------------------------------------------------------------------------------ */

/* Runs the entry frame f (pushed by the caller, or a generator's) to
 * completion. See the file comment. */
EVAL_LOOP_OPTIMIZE
PhObject *eval_frame(PhState *S, PhFrame *frame, int throwflag)
{
    PhMem *M = mem_of(S);
    PhCode *co;
    const PhInstr *first_instr, *ip;
    PhObject **sp;
    /* The slots sit at a fixed offset in the frame: addressing them from
     * the frame register saves a register and a load per access. */
#define localsplus (frame->localsplus)
    PhObject *const *consts;
    PhObject *const *names;
    PhInstr w;
    int oparg;
    PhObject *retval = NULL;

#ifdef USE_COMPUTED_GOTOS
    static const void *const dispatch_table[OP__COUNT] = {
#define PH_OPCODE_LABEL(name) &&TARGET_##name,
        PH_OPCODES(PH_OPCODE_LABEL)
#undef PH_OPCODE_LABEL
    };
#define TARGET(op) TARGET_##op:
#define DISPATCH_OPCODE() goto *dispatch_table[INSTR_OP(w)]
#else
#define TARGET(op) case OP_##op:
#define DISPATCH_OPCODE() goto dispatch_switch
#endif

#define NEXT()                                                                 \
    do {                                                                       \
        if (UNLIKELY(M->hook != NULL)) goto trace_instr;                       \
        frame->instr = ip;                                                     \
        w = *ip++;                                                             \
        oparg = INSTR_ARG(w);                                                  \
        DISPATCH_OPCODE();                                                     \
    } while (0)

#define LOAD_FRAME_REGS()                                                      \
    do {                                                                       \
        co = frame->code;                                                      \
        first_instr = co->instrs;                                              \
        consts = TUPLE_ITEMS(co->consts);                                      \
        names = TUPLE_ITEMS(co->names);                                        \
    } while (0)

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define DROP() ((void)--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define THIRD() (sp[-3])
#define PEEK(n) (sp[-(n)])
#define SET_TOP(v) (sp[-1] = (v))
#define SET_SECOND(v) (sp[-2] = (v))
#define GETLOCAL(i) (localsplus[i])
#define SETLOCAL(i, v)                                                         \
    do {                                                                       \
        PhObject *old_ = localsplus[i];                                        \
        localsplus[i] = (v);                                                   \
        XDECREF(S, old_);                                                      \
    } while (0)
#define JUMPTO(x) (ip = first_instr + (x))
/* Is the current BINARY_OP / INPLACE_OP an exact str + str whose result the
 * next instruction stores back into the left operand's local? (Not while
 * an inspector listens: its EV_LINE stepping and address-keyed records
 * need the plain path; see str_append_inplace.) The store may have been
 * quickened into a superinstruction starting with STORE_FAST: skipping it
 * skips only the store, the second instruction runs on its own. */
#define STR_APPEND_TO_LOCAL()                                                  \
    (oparg == BINOP_ADD && SECOND()->type == &S->types.str &&                  \
     TOP()->type == &S->types.str && M->hook == NULL &&                        \
     super_first(INSTR_OP(*ip)) == OP_STORE_FAST && GETLOCAL(INSTR_ARG(*ip)) == SECOND())

    /* The C stack guard: a RecursionError here means C-level re-entry got
     * too deep. The check also counts one level, which is given back at
     * once: in CPython 3.11 entering the loop from C costs nothing, only
     * frames (and C calls, counted by their callers) do. */
    if (err_enter_recursive(S, "") < 0) {
        if (frame->owner == FRAME_OWNED_BY_STACK) frame_pop(S, frame);
        return NULL;
    }
    S->recursion_depth--;

    frame->is_entry = 1;
    frame->previous = S->frame;
    if (throwflag) {
        S->recursion_depth++;
        frame->state = FRAME_EXECUTING;
        S->frame = frame;
        if (M->hook) emit_frame_event(S, EV_FRAME_PUSH, frame);
        LOAD_FRAME_REGS();
        sp = localsplus + frame->stacktop;
        ip = frame->instr + 1;
        goto error;
    }

start_frame:
    if (UNLIKELY(++S->recursion_depth > S->recursion_limit)) {
        S->recursion_depth--;
        err_format(S, &S->exc.RecursionError, "maximum recursion depth exceeded");
        goto exit_unwind_new;
    }
    S->frame = frame;
    LOAD_FRAME_REGS();
    sp = localsplus + frame->stacktop;
    ip = frame->state == FRAME_SUSPENDED ? frame->instr + 1 : frame->instr;
    frame->state = FRAME_EXECUTING;
    if (M->hook) emit_frame_event(S, EV_FRAME_PUSH, frame);
    NEXT();

resume_caller:
    /* frame is the caller of a frame that just returned; the result is
     * already on its stack. */
    S->frame = frame;
    LOAD_FRAME_REGS();
    ip = frame->instr + 1;
    NEXT();

trace_instr: {
    /* With a listener: EV_LINE when a new line starts, or when a jump lands
     * on a loop head (line_start 2) from anywhere but the instruction
     * before it. */
    const PhInstr *prev = frame->instr;
    frame->instr = ip;
    w = *ip++;
    /* A listener sees every instruction run on its own. */
    if (UNLIKELY(INSTR_OP(w) >= OP_FIRST_SUPER))
        w = INSTR_MAKE(super_first(INSTR_OP(w)), INSTR_ARG(w));
    oparg = INSTR_ARG(w);
    int idx = (int)(ip - 1 - first_instr);
    int ls = co->line_start[idx];
    if (ls == 1 || (ls == 2 && prev + 1 != ip - 1))
        emit_line_event(S, frame, co->positions[idx].line);
    DISPATCH_OPCODE();
}

#ifndef USE_COMPUTED_GOTOS
dispatch_switch:
    switch (INSTR_OP(w)) {
#endif

    TARGET(NOP) { NEXT(); }

    TARGET(POP_TOP) {
        PhObject *v = POP();
        DECREF(S, v);
        NEXT();
    }

    TARGET(COPY) {
        PhObject *v = PEEK(oparg);
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(SWAP) {
        PhObject *t = TOP();
        SET_TOP(PEEK(oparg));
        PEEK(oparg) = t;
        NEXT();
    }

    TARGET(PUSH_NULL) {
        PUSH(NULL);
        NEXT();
    }

    TARGET(LOAD_CONST) {
        PhObject *v = consts[oparg];
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(LOAD_FAST) {
        PhObject *v = GETLOCAL(oparg);
        if (UNLIKELY(!v)) {
            unbound_local(S, co, oparg);
            goto error;
        }
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(STORE_FAST) {
        PhObject *v = POP();
        SETLOCAL(oparg, v);
        NEXT();
    }

    TARGET(DELETE_FAST) {
        PhObject *v = GETLOCAL(oparg);
        if (!v) {
            unbound_local(S, co, oparg);
            goto error;
        }
        SETLOCAL(oparg, NULL);
        NEXT();
    }

    TARGET(LOAD_DEREF) {
        PhObject *v = ((PhCell *)GETLOCAL(oparg))->ref;
        if (UNLIKELY(!v)) {
            unbound_deref(S, co, oparg);
            goto error;
        }
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(LOAD_CLASSDEREF) {
        int i = oparg - co->nlocals;
        PhObject *name = i < co->ncells ? TUPLE_GET(co->cellvars, i)
                                        : TUPLE_GET(co->freevars, i - co->ncells);
        PhObject *locals = frame->locals, *v = NULL;
        if (locals->type == &S->types.dict) {
            v = dict_getitem(S, locals, name);
            if (v) INCREF(v);
            else if (err_occurred(S)) goto error;
        } else {
            v = obj_getitem(S, locals, name);
            if (!v) {
                if (!err_matches(S, (PhObject *)&S->exc.KeyError)) goto error;
                err_clear(S);
            }
        }
        if (!v) {
            v = ((PhCell *)GETLOCAL(oparg))->ref;
            if (!v) {
                unbound_deref(S, co, oparg);
                goto error;
            }
            INCREF(v);
        }
        PUSH(v);
        NEXT();
    }

    TARGET(STORE_DEREF) {
        PhObject *v = POP();
        PhCell *cell = (PhCell *)GETLOCAL(oparg);
        PhObject *old = cell->ref;
        cell->ref = v;
        XDECREF(S, old);
        NEXT();
    }

    TARGET(DELETE_DEREF) {
        PhCell *cell = (PhCell *)GETLOCAL(oparg);
        PhObject *old = cell->ref;
        if (!old) {
            unbound_deref(S, co, oparg);
            goto error;
        }
        cell->ref = NULL;
        DECREF(S, old);
        NEXT();
    }

    TARGET(LOAD_CLOSURE) {
        PhObject *cell = GETLOCAL(oparg);
        INCREF(cell);
        PUSH(cell);
        NEXT();
    }

    TARGET(LOAD_GLOBAL) {
        PhGlobalCache *c = &co->gcache[oparg];
        PhObject *g = frame->globals, *b = frame->builtins;
        if (LIKELY(c->globals == g && c->globals_version == ((PhDict *)g)->version &&
                   c->builtins_version == ((PhDict *)b)->version && c->globals_version)) {
            PhObject *v = c->value;
            INCREF(v);
            PUSH(v);
            NEXT();
        }
        PhObject *v = load_global_slow(S, frame, oparg);
        if (!v) goto error;
        PUSH(v);
        NEXT();
    }

    TARGET(STORE_GLOBAL) {
        PhObject *v = POP();
        int rc = dict_setitem(S, frame->globals, names[oparg], v);
        DECREF(S, v);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(DELETE_GLOBAL) {
        PhObject *name = names[oparg];
        int has = dict_contains(S, frame->globals, name);
        if (has <= 0) {
            if (has == 0) name_error(S, name);
            goto error;
        }
        if (dict_delitem(S, frame->globals, name) < 0) goto error;
        NEXT();
    }

    TARGET(LOAD_NAME) {
        PhObject *v = load_name(S, frame, names[oparg]);
        if (!v) goto error;
        PUSH(v);
        NEXT();
    }

    TARGET(STORE_NAME) {
        PhObject *v = POP();
        PhObject *locals = frame->locals;
        int rc;
        if (!locals) {
            err_format(S, &S->exc.SystemError, "no locals found when storing %R", names[oparg]);
            rc = -1;
        } else if (locals->type == &S->types.dict) {
            rc = dict_setitem(S, locals, names[oparg], v);
        } else {
            rc = obj_setitem(S, locals, names[oparg], v);
        }
        DECREF(S, v);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(DELETE_NAME) {
        PhObject *name = names[oparg], *locals = frame->locals;
        if (!locals) {
            err_format(S, &S->exc.SystemError, "no locals when deleting %R", name);
            goto error;
        }
        if (locals->type == &S->types.dict) {
            int has = dict_contains(S, locals, name);
            if (has <= 0) {
                if (has == 0) name_error(S, name);
                goto error;
            }
            if (dict_delitem(S, locals, name) < 0) goto error;
        } else if (obj_delitem(S, locals, name) < 0) {
            if (err_matches(S, (PhObject *)&S->exc.KeyError)) {
                err_clear(S);
                name_error(S, name);
            }
            goto error;
        }
        NEXT();
    }

    TARGET(LOAD_ATTR) {
        PhObject *owner = TOP();
        PhObject *v = obj_getattr(S, owner, names[oparg]);
        if (!v) goto error;
        SET_TOP(v);
        DECREF(S, owner);
        NEXT();
    }

    TARGET(STORE_ATTR) {
        PhObject *owner = POP();
        PhObject *v = POP();
        int rc = obj_setattr(S, owner, names[oparg], v);
        DECREF(S, v);
        DECREF(S, owner);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(DELETE_ATTR) {
        PhObject *owner = POP();
        int rc = obj_setattr(S, owner, names[oparg], NULL);
        DECREF(S, owner);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(LOAD_METHOD) {
        PhObject *obj = TOP();
        PhObject *meth = NULL;
        /* obj_get_method (typeobject.c): 1 when meth is a plain function or
         * method descriptor found on the type and not shadowed by the
         * instance, so no bound method is made. */
        int r = obj_get_method(S, obj, names[oparg], &meth);
        if (!meth) goto error;
        if (r) {
            /* [meth, self] */
            SET_TOP(meth);
            PUSH(obj);
        } else {
            /* [NULL, attr] */
            SET_TOP(NULL);
            DECREF(S, obj);
            PUSH(meth);
        }
        NEXT();
    }

    TARGET(BINARY_SUBSCR) {
        PhObject *key = POP();
        PhObject *container = TOP();
        PhObject *res;
        if (container->type == &S->types.list && key->type == &S->types.int_ &&
            int_ndigits(key) <= 1) {
            ssize_t i = int_sign(key) < 0 ? -(ssize_t)((PhInt *)key)->digits[0]
                                          : (ssize_t)((PhInt *)key)->digits[0];
            if (i < 0) i += LIST_LEN(container);
            if (i >= 0 && i < LIST_LEN(container)) {
                res = LIST_GET(container, i);
                INCREF(res);
                goto subscr_done;
            }
        } else if (container->type == &S->types.tuple && key->type == &S->types.int_ &&
                   int_ndigits(key) <= 1) {
            ssize_t i = int_sign(key) < 0 ? -(ssize_t)((PhInt *)key)->digits[0]
                                          : (ssize_t)((PhInt *)key)->digits[0];
            if (i < 0) i += TUPLE_LEN(container);
            if (i >= 0 && i < TUPLE_LEN(container)) {
                res = TUPLE_GET(container, i);
                INCREF(res);
                goto subscr_done;
            }
        } else if (container->type == &S->types.dict) {
            res = dict_getitem(S, container, key);
            if (res) {
                INCREF(res);
                goto subscr_done;
            }
            if (err_occurred(S)) {
                DECREF(S, key);
                goto error;
            }
        }
        res = obj_getitem(S, container, key);
        if (!res) {
            DECREF(S, key);
            goto error;
        }
    subscr_done:
        DECREF(S, key);
        DECREF(S, container);
        SET_TOP(res);
        NEXT();
    }

    TARGET(STORE_SUBSCR) {
        PhObject *key = POP();
        PhObject *container = POP();
        PhObject *v = POP();
        int rc;
        if (container->type == &S->types.list && key->type == &S->types.int_ &&
            int_ndigits(key) <= 1) {
            ssize_t i = int_sign(key) < 0 ? -(ssize_t)((PhInt *)key)->digits[0]
                                          : (ssize_t)((PhInt *)key)->digits[0];
            if (i < 0) i += LIST_LEN(container);
            if (i >= 0 && i < LIST_LEN(container)) {
                PhObject *old = LIST_GET(container, i);
                LIST_SET(container, i, v);
                DECREF(S, old);
                DECREF(S, key);
                DECREF(S, container);
                NEXT();
            }
        }
        if (container->type == &S->types.dict) rc = dict_setitem(S, container, key, v);
        else rc = obj_setitem(S, container, key, v);
        DECREF(S, v);
        DECREF(S, key);
        DECREF(S, container);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(DELETE_SUBSCR) {
        PhObject *key = POP();
        PhObject *container = POP();
        int rc = obj_delitem(S, container, key);
        DECREF(S, key);
        DECREF(S, container);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(BUILD_SLICE) {
        PhObject *step = oparg == 3 ? POP() : NULL;
        PhObject *stop = POP();
        PhObject *start = TOP();
        PhObject *s = slice_new(S, start, stop, step);
        XDECREF(S, step);
        DECREF(S, stop);
        DECREF(S, start);
        SET_TOP(s);
        if (!s) goto error;
        NEXT();
    }

    TARGET(BINARY_OP) {
        if (STR_APPEND_TO_LOCAL()) goto str_append_local;
        PhObject *r = POP();
        PhObject *l = TOP();
        PhObject *res = fast_binop(S, oparg, l, r);
        if (!res) res = num_binary(S, l, r, (BinOp)oparg);
        DECREF(S, l);
        DECREF(S, r);
        SET_TOP(res);
        if (!res) goto error;
        NEXT();
    }

    TARGET(INPLACE_OP) {
        if (STR_APPEND_TO_LOCAL()) goto str_append_local;
        PhObject *r = POP();
        PhObject *l = TOP();
        PhObject *res = fast_binop(S, oparg, l, r);
        if (!res) {
            if (l->type == &S->types.str && r->type == &S->types.str && oparg == BINOP_ADD)
                res = str_concat(S, l, r);
            else
                res = num_inplace(S, l, r, (BinOp)oparg);
        }
        DECREF(S, l);
        DECREF(S, r);
        SET_TOP(res);
        if (!res) goto error;
        NEXT();
    }

    /* `s += t` or `s = s + t` on exact strs, where the next instruction
     * stores the result into the local that holds s (CPython 3.11's
     * BINARY_OP_INPLACE_ADD_UNICODE): the stack's reference to s is dropped
     * first, so when the local's is the only one left str_append_inplace may
     * grow s in place, and building a string in a loop is linear. The
     * STORE_FAST is done here (str_append_inplace writes the local). */
    str_append_local: {
        PhObject *r = POP();
        PhObject *l = POP();
        l->refcnt--; /* the local still holds l, so it cannot reach zero */
        int rc = str_append_inplace(S, &GETLOCAL(INSTR_ARG(*ip)), r);
        DECREF(S, r);
        if (rc < 0) goto error; /* the local is unbound then, as in CPython */
        ip++;
        NEXT();
    }

    TARGET(UNARY_NEGATIVE) {
        PhObject *v = TOP();
        PhObject *res = num_negative(S, v);
        DECREF(S, v);
        SET_TOP(res);
        if (!res) goto error;
        NEXT();
    }

    TARGET(UNARY_POSITIVE) {
        PhObject *v = TOP();
        PhObject *res = num_positive(S, v);
        DECREF(S, v);
        SET_TOP(res);
        if (!res) goto error;
        NEXT();
    }

    TARGET(UNARY_INVERT) {
        PhObject *v = TOP();
        PhObject *res = num_invert(S, v);
        DECREF(S, v);
        SET_TOP(res);
        if (!res) goto error;
        NEXT();
    }

    TARGET(UNARY_NOT) {
        PhObject *v = TOP();
        int t = obj_is_true(S, v);
        DECREF(S, v);
        if (t < 0) {
            DROP();
            goto error;
        }
        SET_TOP(ph_bool(S, !t));
        NEXT();
    }

    TARGET(COMPARE_OP) {
    do_compare_op: ;
        PhObject *r = POP();
        PhObject *l = TOP();
        int t = fast_compare(S, oparg, l, r);
        PhObject *res = t >= 0 ? ph_bool(S, t) : obj_richcompare(S, l, r, oparg);
        DECREF(S, l);
        DECREF(S, r);
        SET_TOP(res);
        if (!res) goto error;
        NEXT();
    }

    TARGET(IS_OP) {
        PhObject *r = POP();
        PhObject *l = TOP();
        int t = (l == r) ^ oparg;
        DECREF(S, l);
        DECREF(S, r);
        SET_TOP(ph_bool(S, t));
        NEXT();
    }

    TARGET(CONTAINS_OP) {
        PhObject *container = POP();
        PhObject *item = TOP();
        int t = obj_contains(S, container, item);
        DECREF(S, container);
        DECREF(S, item);
        if (t < 0) {
            DROP();
            goto error;
        }
        SET_TOP(ph_bool(S, t ^ oparg));
        NEXT();
    }

    TARGET(JUMP) {
        JUMPTO(oparg);
        NEXT();
    }

    TARGET(POP_JUMP_IF_FALSE) {
        PhObject *v = POP();
        if (v == PH_FALSE(S)) {
            DECREF(S, v);
            JUMPTO(oparg);
        } else if (v != PH_TRUE(S)) {
            int t = obj_is_true(S, v);
            DECREF(S, v);
            if (t < 0) goto error;
            if (!t) JUMPTO(oparg);
        } else {
            DECREF(S, v);
        }
        NEXT();
    }

    TARGET(POP_JUMP_IF_TRUE) {
        PhObject *v = POP();
        if (v == PH_TRUE(S)) {
            DECREF(S, v);
            JUMPTO(oparg);
        } else if (v != PH_FALSE(S)) {
            int t = obj_is_true(S, v);
            DECREF(S, v);
            if (t < 0) goto error;
            if (t) JUMPTO(oparg);
        } else {
            DECREF(S, v);
        }
        NEXT();
    }

    TARGET(POP_JUMP_IF_NONE) {
        PhObject *v = POP();
        if (v == PH_NONE(S)) JUMPTO(oparg);
        DECREF(S, v);
        NEXT();
    }

    TARGET(POP_JUMP_IF_NOT_NONE) {
        PhObject *v = POP();
        if (v != PH_NONE(S)) JUMPTO(oparg);
        DECREF(S, v);
        NEXT();
    }

    TARGET(JUMP_IF_FALSE_OR_POP) {
        PhObject *v = TOP();
        int t = v == PH_TRUE(S) ? 1 : v == PH_FALSE(S) ? 0 : obj_is_true(S, v);
        if (t < 0) goto error;
        if (!t) JUMPTO(oparg);
        else {
            DROP();
            DECREF(S, v);
        }
        NEXT();
    }

    TARGET(JUMP_IF_TRUE_OR_POP) {
        PhObject *v = TOP();
        int t = v == PH_TRUE(S) ? 1 : v == PH_FALSE(S) ? 0 : obj_is_true(S, v);
        if (t < 0) goto error;
        if (t) JUMPTO(oparg);
        else {
            DROP();
            DECREF(S, v);
        }
        NEXT();
    }

    TARGET(GET_ITER) {
        PhObject *v = TOP();
        PhObject *it = obj_iter(S, v);
        DECREF(S, v);
        SET_TOP(it);
        if (!it) {
            DROP();
            goto error;
        }
        NEXT();
    }

    TARGET(FOR_ITER) {
        PhObject *it = TOP();
        iternextfunc next = it->type->iternext;
        PhObject *v = next ? next(S, it) : obj_iternext(S, it);
        if (LIKELY(v != NULL)) {
            PUSH(v);
            NEXT();
        }
        if (err_occurred(S)) {
            if (!err_matches(S, (PhObject *)&S->exc.StopIteration)) goto error;
            err_clear(S);
        }
        DROP();
        DECREF(S, it);
        JUMPTO(oparg);
        NEXT();
    }

    TARGET(BUILD_TUPLE) {
        PhObject *t = tuple_new(S, oparg);
        if (!t) goto error;
        for (int i = oparg - 1; i >= 0; i--) TUPLE_SET(t, i, POP());
        PUSH(t);
        NEXT();
    }

    TARGET(BUILD_LIST) {
        PhObject *l = list_new(S, oparg);
        if (!l) goto error;
        for (int i = oparg - 1; i >= 0; i--) LIST_SET(l, i, POP());
        PUSH(l);
        NEXT();
    }

    TARGET(BUILD_SET) {
        PhObject *s = set_new(S, NULL);
        int rc = s ? 0 : -1;
        for (int i = oparg; i > 0; i--) {
            PhObject *item = PEEK(i);
            if (rc == 0 && set_add(S, s, item) < 0) rc = -1;
        }
        for (int i = 0; i < oparg; i++) {
            PhObject *item = POP();
            DECREF(S, item);
        }
        if (rc < 0) {
            XDECREF(S, s);
            goto error;
        }
        PUSH(s);
        NEXT();
    }

    /* BUILD_MAP and BUILD_CONST_KEY_MAP size the table for all their items
     * at once, as CPython's _PyDict_FromItems does (all-str keys get a
     * str-only table); five items or fewer fit the minimum table anyway. */
    TARGET(BUILD_MAP) {
        bool unicode = true;
        for (int i = oparg; unicode && i > 0; i--)
            unicode = PEEK(2 * i)->type == &S->types.str;
        PhObject *d = dict_new_presized(S, oparg, unicode);
        int rc = d ? 0 : -1;
        for (int i = oparg; rc == 0 && i > 0; i--)
            if (dict_setitem(S, d, PEEK(2 * i), PEEK(2 * i - 1)) < 0) rc = -1;
        for (int i = 0; i < 2 * oparg; i++) {
            PhObject *item = POP();
            DECREF(S, item);
        }
        if (rc < 0) {
            XDECREF(S, d);
            goto error;
        }
        PUSH(d);
        NEXT();
    }

    TARGET(BUILD_CONST_KEY_MAP) {
        PhObject *keys = TOP();
        bool unicode = true;
        for (int i = 0; unicode && i < oparg; i++)
            unicode = TUPLE_GET(keys, i)->type == &S->types.str;
        PhObject *d = dict_new_presized(S, oparg, unicode);
        int rc = d ? 0 : -1;
        for (int i = 0; rc == 0 && i < oparg; i++)
            if (dict_setitem(S, d, TUPLE_GET(keys, i), PEEK(oparg + 1 - i)) < 0) rc = -1;
        for (int i = 0; i <= oparg; i++) {
            PhObject *item = POP();
            DECREF(S, item);
        }
        if (rc < 0) {
            XDECREF(S, d);
            goto error;
        }
        PUSH(d);
        NEXT();
    }

    TARGET(BUILD_STRING) {
        StrBuilder b;
        sb_init(&b);
        int rc = 0;
        for (int i = oparg; i > 0; i--)
            if (rc == 0 && sb_append_str(S, &b, PEEK(i)) < 0) rc = -1;
        for (int i = 0; i < oparg; i++) {
            PhObject *item = POP();
            DECREF(S, item);
        }
        if (rc < 0) {
            sb_discard(S, &b);
            goto error;
        }
        PhObject *s = sb_finish(S, &b);
        if (!s) goto error;
        PUSH(s);
        NEXT();
    }

    TARGET(LIST_APPEND) {
        PhObject *v = POP();
        int rc = list_append(S, PEEK(oparg), v);
        DECREF(S, v);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(SET_ADD) {
        PhObject *v = POP();
        int rc = set_add(S, PEEK(oparg), v);
        DECREF(S, v);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(MAP_ADD) {
        PhObject *v = POP();
        PhObject *k = POP();
        int rc = dict_setitem(S, PEEK(oparg), k, v);
        DECREF(S, k);
        DECREF(S, v);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(LIST_EXTEND) {
        PhObject *iterable = POP();
        PhObject *list = PEEK(oparg);
        int rc = list_extend(S, list, iterable);
        if (rc < 0 && err_matches(S, (PhObject *)&S->exc.TypeError) && !iterable->type->iter &&
            !(iterable->type->as_sequence && iterable->type->as_sequence->item)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "Value after * must be an iterable, not %s",
                       iterable->type->name);
        }
        DECREF(S, iterable);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(SET_UPDATE) {
        PhObject *iterable = POP();
        int rc = set_update(S, PEEK(oparg), iterable);
        DECREF(S, iterable);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(DICT_UPDATE) {
        PhObject *update = POP();
        int rc = dict_merge(S, PEEK(oparg), update, 1);
        if (rc < 0 && err_matches(S, (PhObject *)&S->exc.AttributeError)) {
            err_clear(S);
            err_format(S, &S->exc.TypeError, "'%s' object is not a mapping", update->type->name);
        }
        DECREF(S, update);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(DICT_MERGE) {
        PhObject *update = POP();
        PhObject *dict = PEEK(oparg);
        PhObject *func = PEEK(oparg + 2);
        int rc = dict_merge_kwargs(S, func, dict, update);
        DECREF(S, update);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(LIST_TO_TUPLE) {
        PhObject *l = TOP();
        PhObject *t = list_as_tuple(S, l);
        DECREF(S, l);
        SET_TOP(t);
        if (!t) {
            DROP();
            goto error;
        }
        NEXT();
    }

    TARGET(UNPACK_SEQUENCE) {
        PhObject *seq = POP();
        if (seq->type == &S->types.tuple && TUPLE_LEN(seq) == oparg) {
            for (int i = oparg - 1; i >= 0; i--) {
                PhObject *v = TUPLE_GET(seq, i);
                INCREF(v);
                PUSH(v);
            }
        } else if (seq->type == &S->types.list && LIST_LEN(seq) == oparg) {
            for (int i = oparg - 1; i >= 0; i--) {
                PhObject *v = LIST_GET(seq, i);
                INCREF(v);
                PUSH(v);
            }
        } else if (unpack_iterable(S, seq, oparg, -1, sp) == 0) {
            sp += oparg;
        } else {
            DECREF(S, seq);
            goto error;
        }
        DECREF(S, seq);
        NEXT();
    }

    TARGET(UNPACK_EX) {
        int before = oparg & 0xff, after = oparg >> 8;
        PhObject *seq = POP();
        if (unpack_iterable(S, seq, before, after, sp) == 0) {
            sp += before + after + 1;
            DECREF(S, seq);
            NEXT();
        }
        DECREF(S, seq);
        goto error;
    }

    TARGET(FORMAT_VALUE) {
        PhObject *spec = (oparg & FVS_HAVE_SPEC) ? POP() : NULL;
        PhObject *v = POP();
        PhObject *conv = NULL;
        switch (oparg & FVC_MASK) {
        case FVC_STR: conv = obj_str(S, v); break;
        case FVC_REPR: conv = obj_repr(S, v); break;
        case FVC_ASCII: conv = obj_ascii(S, v); break;
        default: conv = v; INCREF(conv); break;
        }
        DECREF(S, v);
        if (!conv) {
            XDECREF(S, spec);
            goto error;
        }
        PhObject *res;
        if (conv->type == &S->types.str && !spec) {
            res = conv;
        } else {
            res = obj_format(S, conv, spec ? spec : S->empty_str);
            DECREF(S, conv);
        }
        XDECREF(S, spec);
        if (!res) goto error;
        PUSH(res);
        NEXT();
    }

    /* ---- calls ---- */
    {
        PhObject **base;     /* the first stack slot the call consumes */
        PhObject *callable;
        PhObject **args;
        size_t nargs;
        PhObject *kwnames;
        PhObject *res;

    TARGET(CALL)
        kwnames = NULL;
        base = sp - oparg - 1;
        callable = base[0];
        args = base + 1;
        nargs = (size_t)oparg;
        goto do_call;

    TARGET(CALL_KW)
        kwnames = POP();
        base = sp - oparg - 1;
        callable = base[0];
        args = base + 1;
        nargs = (size_t)(oparg - TUPLE_LEN(kwnames));
        goto do_call;

    TARGET(CALL_METHOD)
        kwnames = NULL;
        base = sp - oparg - 2;
        nargs = (size_t)oparg;
        goto do_method_call;

    TARGET(CALL_METHOD_KW)
        kwnames = POP();
        base = sp - oparg - 2;
        nargs = (size_t)(oparg - TUPLE_LEN(kwnames));
    do_method_call:
        if (base[0]) {
            /* [meth, self, args]: self is the first argument */
            callable = base[0];
            args = base + 1;
            nargs += 1;
        } else if (base[1]->type == &S->types.method &&
                   ((PhMethod *)base[1])->func->type == &S->types.function) {
            /* [NULL, bound method, args]: unpack it in place to
             * [func, self, args] so the call runs inline. */
            PhMethod *m = (PhMethod *)base[1];
            callable = m->func;
            INCREF(callable);
            INCREF(m->self);
            base[0] = callable;
            base[1] = m->self;
            DECREF(S, (PhObject *)m);
            args = base + 1;
            nargs += 1;
        } else {
            /* [NULL, callable, args] */
            callable = base[1];
            args = base + 2;
        }
    do_call:
        /* Invariant: the slots [base, sp) hold callable (and maybe a NULL),
         * the arguments and nothing else; all of it is consumed. */
        if (callable->type == &S->types.function) {
            PhCode *fco = (PhCode *)((PhFunction *)callable)->code;
            PhFrame *nf;
            if (!kwnames && nargs == (size_t)fco->argcount &&
                !(fco->flags & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR)) &&
                (fco->kwonlyargcount | fco->ncells | fco->nfree) == 0) {
                /* Exactly the positional parameters, nothing else to bind:
                 * the function and the arguments move into the new frame. */
                nf = frame_push_args(S, callable, fco, args, (int)nargs);
                if (UNLIKELY(!nf)) {
                    for (size_t i = 0; i < nargs; i++) DECREF(S, args[i]);
                    DECREF(S, callable);
                    sp = base;
                    goto error;
                }
                sp = base;
            } else {
                nf = call_bind_frame(S, callable, args, nargs, kwnames, 1);
                sp = base; /* the arguments moved into nf (or were released) */
                XDECREF(S, kwnames);
                DECREF(S, callable);
                if (!nf) goto error;
                if (nf->code->flags & CO_GENERATOR) {
                    res = gen_new_from_frame(S, nf);
                    if (!res) goto error;
                    PUSH(res);
                    NEXT();
                }
            }
            frame->stacktop = (int)(sp - localsplus);
            nf->previous = frame;
            frame = nf;
            goto start_frame;
        }
        frame->stacktop = (int)(sp - localsplus);
        res = obj_call(S, callable, args, nargs, kwnames);
        {
            size_t nkw = kwnames ? (size_t)TUPLE_LEN(kwnames) : 0;
            for (size_t i = 0; i < nargs + nkw; i++) DECREF(S, args[i]);
        }
        XDECREF(S, kwnames);
        DECREF(S, callable);
        sp = base;
        if (!res) goto error;
        PUSH(res);
        NEXT();
    }

    TARGET(CALL_FUNCTION_EX) {
        PhObject *kwargs = (oparg & 1) ? POP() : NULL;
        PhObject *cargs = POP();
        PhObject *func = TOP();
        frame->stacktop = (int)(sp - localsplus);
        PhObject *res = call_function_ex(S, func, cargs, kwargs);
        XDECREF(S, kwargs);
        DECREF(S, cargs);
        DECREF(S, func);
        SET_TOP(res);
        if (!res) {
            DROP();
            goto error;
        }
        NEXT();
    }

    TARGET(MAKE_FUNCTION) {
        PhObject *code = POP();
        PhFunction *fn = (PhFunction *)func_new(S, code, frame->globals);
        DECREF(S, code);
        if (!fn) goto error;
        if (oparg & MKFN_CLOSURE) fn->closure = POP();
        if (oparg & MKFN_ANNOTATIONS) fn->annotations = POP();
        if (oparg & MKFN_KWDEFAULTS) fn->kwdefaults = POP();
        if (oparg & MKFN_DEFAULTS) fn->defaults = POP();
        PUSH((PhObject *)fn);
        NEXT();
    }

    TARGET(RETURN_VALUE) {
        retval = POP();
        frame->stacktop = (int)(sp - localsplus);
        frame->state = FRAME_COMPLETED;
        if (M->hook) emit_frame_event(S, EV_FRAME_POP, frame);
        S->recursion_depth--;
        if (frame->is_entry) goto exit_return;
        PhFrame *caller = frame->previous;
        frame_pop(S, frame);
        frame = caller;
        sp = localsplus + frame->stacktop;
        PUSH(retval);
        retval = NULL;
        goto resume_caller;
    }

    TARGET(YIELD_VALUE) {
        retval = POP();
        frame->stacktop = (int)(sp - localsplus);
        frame->state = FRAME_SUSPENDED;
        if (M->hook) emit_frame_event(S, EV_FRAME_POP, frame);
        S->recursion_depth--;
        S->frame = frame->previous;
        frame->previous = NULL;
        return retval;
    }

    TARGET(LOAD_BUILD_CLASS) {
        PhObject *bc;
        if (frame->builtins->type == &S->types.dict) {
            bc = dict_getitem(S, frame->builtins, ID(S, __build_class__));
            if (!bc) {
                if (!err_occurred(S))
                    err_format(S, &S->exc.NameError, "__build_class__ not found");
                goto error;
            }
            INCREF(bc);
        } else {
            bc = obj_getitem(S, frame->builtins, ID(S, __build_class__));
            if (!bc) {
                if (err_matches(S, (PhObject *)&S->exc.KeyError)) {
                    err_clear(S);
                    err_format(S, &S->exc.NameError, "__build_class__ not found");
                }
                goto error;
            }
        }
        PUSH(bc);
        NEXT();
    }

    TARGET(LOAD_LOCALS) {
        PhObject *l = frame->locals;
        if (!l) {
            err_format(S, &S->exc.SystemError, "no locals found");
            goto error;
        }
        INCREF(l);
        PUSH(l);
        NEXT();
    }

    TARGET(RAISE_VARARGS) {
        PhObject *cause = oparg == 2 ? POP() : NULL;
        PhObject *exc = oparg >= 1 ? POP() : NULL;
        int r = do_raise(S, exc, cause);
        XDECREF(S, exc);
        XDECREF(S, cause);
        if (r == 1) goto exception_unwind;
        goto error;
    }

    TARGET(RERAISE) {
        PhObject *exc = POP();
        err_restore(S, exc);
        goto exception_unwind;
    }

    TARGET(PUSH_EXC_INFO) {
        PhObject *value = TOP();
        PhObject *prev = S->handled_exc ? S->handled_exc : ph_none(S);
        INCREF(value);
        S->handled_exc = value;
        SET_TOP(prev);
        PUSH(value);
        NEXT();
    }

    TARGET(POP_EXCEPT) {
        PhObject *prev = POP();
        PhObject *old = S->handled_exc;
        if (prev == PH_NONE(S)) {
            DECREF(S, prev);
            prev = NULL;
        }
        S->handled_exc = prev;
        XDECREF(S, old);
        NEXT();
    }

    TARGET(CHECK_EXC_MATCH) {
        PhObject *t = TOP();
        PhObject *exc = SECOND();
        if (check_except_type(S, t) < 0) goto error;
        int m = exc_matches(S, exc, t);
        DECREF(S, t);
        SET_TOP(ph_bool(S, m));
        NEXT();
    }

    TARGET(BEFORE_WITH) {
        PhObject *mgr = TOP();
        PhObject *enter = special_lookup(S, mgr, ID(S, __enter__));
        if (!enter) {
            if (!err_occurred(S))
                err_format(S, &S->exc.TypeError,
                           "'%s' object does not support the context manager protocol",
                           mgr->type->name);
            goto error;
        }
        PhObject *exit = special_lookup(S, mgr, ID(S, __exit__));
        if (!exit) {
            if (!err_occurred(S))
                err_format(S, &S->exc.TypeError,
                           "'%s' object does not support the context manager protocol "
                           "(missed __exit__ method)",
                           mgr->type->name);
            DECREF(S, enter);
            goto error;
        }
        SET_TOP(exit);
        DECREF(S, mgr);
        frame->stacktop = (int)(sp - localsplus);
        PhObject *res = obj_call0(S, enter);
        DECREF(S, enter);
        if (!res) goto error;
        PUSH(res);
        NEXT();
    }

    TARGET(WITH_EXCEPT_START) {
        /* [exit, prev, exc] */
        PhObject *exc = TOP();
        PhObject *exit = THIRD();
        PhObject *tb = ((PhBaseException *)exc)->traceback;
        PhObject *cargs[3] = {(PhObject *)exc->type, exc, tb ? tb : PH_NONE(S)};
        frame->stacktop = (int)(sp - localsplus);
        PhObject *res = obj_call(S, exit, cargs, 3, NULL);
        if (!res) goto error;
        PUSH(res);
        NEXT();
    }

    TARGET(LOAD_ASSERTION_ERROR) {
        PhObject *t = (PhObject *)&S->exc.AssertionError;
        INCREF(t);
        PUSH(t);
        NEXT();
    }

    TARGET(SETUP_ANNOTATIONS) {
        PhObject *locals = frame->locals;
        if (!locals) {
            err_format(S, &S->exc.SystemError, "no locals found when setting up annotations");
            goto error;
        }
        if (locals->type == &S->types.dict) {
            int has = dict_contains(S, locals, ID(S, __annotations__));
            if (has < 0) goto error;
            if (!has) {
                PhObject *d = dict_new(S);
                if (!d) goto error;
                int rc = dict_setitem(S, locals, ID(S, __annotations__), d);
                DECREF(S, d);
                if (rc < 0) goto error;
            }
        } else {
            PhObject *a = obj_getitem(S, locals, ID(S, __annotations__));
            if (a) DECREF(S, a);
            else {
                if (!err_matches(S, (PhObject *)&S->exc.KeyError)) goto error;
                err_clear(S);
                PhObject *d = dict_new(S);
                if (!d) goto error;
                int rc = obj_setitem(S, locals, ID(S, __annotations__), d);
                DECREF(S, d);
                if (rc < 0) goto error;
            }
        }
        NEXT();
    }

    TARGET(IMPORT_NAME) {
        PhObject *fromlist = POP();
        PhObject *level = TOP();
        int ovf = 0;
        int64_t lv = int_as_i64(level, &ovf);
        frame->stacktop = (int)(sp - localsplus);
        PhObject *mod = vm_import(S, names[oparg], fromlist, (int)lv);
        DECREF(S, fromlist);
        DECREF(S, level);
        SET_TOP(mod);
        if (!mod) {
            DROP();
            goto error;
        }
        NEXT();
    }

    TARGET(IMPORT_FROM) {
        PhObject *x = import_from(S, TOP(), names[oparg]);
        if (!x) goto error;
        PUSH(x);
        NEXT();
    }

    TARGET(IMPORT_STAR) {
        PhObject *mod = POP();
        int rc = import_star(S, frame, mod);
        DECREF(S, mod);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(PRINT_EXPR) {
        PhObject *v = POP();
        int rc = print_expr(S, v);
        DECREF(S, v);
        if (rc < 0) goto error;
        NEXT();
    }

    TARGET(GET_YIELD_FROM_ITER) {
        PhObject *v = TOP();
        if (v->type != &S->types.generator) {
            PhObject *it = obj_iter(S, v);
            DECREF(S, v);
            SET_TOP(it);
            if (!it) {
                DROP();
                goto error;
            }
        }
        NEXT();
    }

    TARGET(SEND) {
        /* [sub, v] -> [sub, yielded], or [result] and jump when sub is done */
        PhObject *v = POP();
        PhObject *sub = TOP();
        PhObject *res = NULL;
        frame->stacktop = (int)(sp - localsplus);
        if (sub->type == &S->types.generator) {
            int r = gen_send_ex(S, sub, v, 0, &res);
            DECREF(S, v);
            if (r == GEN_ERROR) goto error;
            if (r == GEN_YIELD) {
                PUSH(res);
                NEXT();
            }
        } else {
            if (v == PH_NONE(S)) res = obj_iternext(S, sub);
            else res = obj_call_method(S, sub, "send", &v, 1);
            DECREF(S, v);
            if (res) {
                PUSH(res);
                NEXT();
            }
            /* Finished: StopIteration's value (None without one). */
            if (gen_fetch_stop_value(S, &res) < 0) goto error;
        }
        DROP();
        DECREF(S, sub);
        PUSH(res);
        JUMPTO(oparg);
        NEXT();
    }

    /* ---- superinstructions (see eval_quicken) ---- */

    TARGET(LOAD_FAST__LOAD_FAST) {
        PhObject *v = GETLOCAL(oparg);
        if (UNLIKELY(!v)) {
            unbound_local(S, co, oparg);
            goto error;
        }
        INCREF(v);
        PUSH(v);
        oparg = INSTR_ARG(*ip++);
        v = GETLOCAL(oparg);
        if (UNLIKELY(!v)) {
            frame->instr = ip - 1;
            unbound_local(S, co, oparg);
            goto error;
        }
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(LOAD_FAST__LOAD_CONST) {
        PhObject *v = GETLOCAL(oparg);
        if (UNLIKELY(!v)) {
            unbound_local(S, co, oparg);
            goto error;
        }
        INCREF(v);
        PUSH(v);
        v = consts[INSTR_ARG(*ip++)];
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(LOAD_CONST__LOAD_FAST) {
        PhObject *v = consts[oparg];
        INCREF(v);
        PUSH(v);
        oparg = INSTR_ARG(*ip++);
        v = GETLOCAL(oparg);
        if (UNLIKELY(!v)) {
            frame->instr = ip - 1;
            unbound_local(S, co, oparg);
            goto error;
        }
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(STORE_FAST__LOAD_FAST) {
        PhObject *v = POP();
        SETLOCAL(oparg, v);
        oparg = INSTR_ARG(*ip++);
        v = GETLOCAL(oparg);
        if (UNLIKELY(!v)) {
            frame->instr = ip - 1;
            unbound_local(S, co, oparg);
            goto error;
        }
        INCREF(v);
        PUSH(v);
        NEXT();
    }

    TARGET(STORE_FAST__STORE_FAST) {
        PhObject *v = POP();
        SETLOCAL(oparg, v);
        frame->instr = ip; /* a __del__ run by the second store sees it */
        oparg = INSTR_ARG(*ip++);
        v = POP();
        SETLOCAL(oparg, v);
        NEXT();
    }

    TARGET(COMPARE_OP__POP_JUMP_IF_FALSE) {
        PhObject *r = TOP(), *l = SECOND();
        int t = fast_compare(S, oparg, l, r);
        if (t < 0) goto do_compare_op; /* the jump then runs on its own */
        sp -= 2;
        DECREF(S, l);
        DECREF(S, r);
        w = *ip++;
        if (!t) JUMPTO(INSTR_ARG(w));
        NEXT();
    }

    TARGET(COMPARE_OP__POP_JUMP_IF_TRUE) {
        PhObject *r = TOP(), *l = SECOND();
        int t = fast_compare(S, oparg, l, r);
        if (t < 0) goto do_compare_op;
        sp -= 2;
        DECREF(S, l);
        DECREF(S, r);
        w = *ip++;
        if (t) JUMPTO(INSTR_ARG(w));
        NEXT();
    }

    TARGET(IS_OP__POP_JUMP_IF_FALSE) {
        PhObject *r = POP();
        PhObject *l = POP();
        int t = (l == r) ^ oparg;
        DECREF(S, l);
        DECREF(S, r);
        w = *ip++;
        if (!t) JUMPTO(INSTR_ARG(w));
        NEXT();
    }

    TARGET(IS_OP__POP_JUMP_IF_TRUE) {
        PhObject *r = POP();
        PhObject *l = POP();
        int t = (l == r) ^ oparg;
        DECREF(S, l);
        DECREF(S, r);
        w = *ip++;
        if (t) JUMPTO(INSTR_ARG(w));
        NEXT();
    }

    TARGET(SETUP_FINALLY)
    TARGET(SETUP_CLEANUP)
    TARGET(SETUP_WITH)
    TARGET(POP_BLOCK) {
        err_format(S, &S->exc.SystemError, "unknown opcode %d", (int)INSTR_OP(w));
        goto error;
    }

#ifndef USE_COMPUTED_GOTOS
    default:
        err_format(S, &S->exc.SystemError, "unknown opcode %d", (int)INSTR_OP(w));
        goto error;
    }
#endif

error: {
    /* A new exception in this frame: record where. */
    PhObject *exc = err_fetch(S);
    if (!exc) {
        err_format(S, &S->exc.SystemError, "error return without exception set");
        exc = err_fetch(S);
    }
    PhObject *fo = frame_get_object(S, frame);
    if (!fo) err_clear(S);
    if (traceback_add_frame(S, exc, fo, (PhObject *)co, frame_lasti(frame)) < 0) err_clear(S);
    XDECREF(S, fo);
    err_restore(S, exc);
}

exception_unwind: {
    int idx = frame_lasti(frame);
    const PhExcEntry *h = NULL;
    for (int i = 0; i < co->nexc; i++) {
        const PhExcEntry *e = &co->exctable[i];
        if (idx >= e->start && idx < e->end) {
            h = e;
            break;
        }
        if (e->start > idx) break;
    }
    if (h) {
        PhObject **target = localsplus + co->nlocalsplus + h->depth;
        while (sp > target) {
            PhObject *v = POP();
            XDECREF(S, v);
        }
        PUSH(err_fetch(S));
        JUMPTO(h->handler);
        NEXT();
    }
    /* No handler: this frame is done. */
    while (sp > localsplus + co->nlocalsplus) {
        PhObject *v = POP();
        XDECREF(S, v);
    }
    frame->stacktop = co->nlocalsplus;
    frame->state = FRAME_COMPLETED;
    if (M->hook) emit_frame_event(S, EV_FRAME_POP, frame);
    S->recursion_depth--;
    if (frame->is_entry) goto exit_error;
    PhFrame *caller = frame->previous;
    frame_pop(S, frame);
    frame = caller;
    S->frame = frame;
    LOAD_FRAME_REGS();
    sp = localsplus + frame->stacktop;
    ip = frame->instr + 1;
    goto error;
}

exit_unwind_new:
    /* A frame that could not start (recursion limit): drop it without a
     * traceback entry; the caller (or our C caller) sees the error. */
    if (frame->is_entry) {
        S->frame = frame->previous;
        frame->state = FRAME_COMPLETED;
        if (frame->owner == FRAME_OWNED_BY_STACK) frame_pop(S, frame);
        return NULL;
    } else {
        PhFrame *caller = frame->previous;
        frame_pop(S, frame);
        frame = caller;
        S->frame = frame;
        LOAD_FRAME_REGS();
        sp = localsplus + frame->stacktop;
        ip = frame->instr + 1;
        goto error;
    }

exit_return:
    if (frame->owner == FRAME_OWNED_BY_STACK) {
        PhFrame *prev = frame->previous;
        frame_pop(S, frame);
        S->frame = prev;
    } else {
        S->frame = frame->previous;
        frame->previous = NULL;
    }
    return retval;

exit_error:
    if (frame->owner == FRAME_OWNED_BY_STACK) {
        PhFrame *prev = frame->previous;
        frame_pop(S, frame);
        S->frame = prev;
    } else {
        S->frame = frame->previous;
        frame->previous = NULL;
    }
    return NULL;
}

#undef localsplus

/* ---- entry points ----------------------------------------------------------------------------- */

PhObject *eval_code(PhState *S, PhObject *code, PhObject *globals, PhObject *locals)
{
    if (!locals) locals = globals;
    PhObject *func = func_new(S, code, globals);
    if (!func) return NULL;
    PhFrame *f = frame_push(S, func, (PhCode *)code);
    DECREF(S, func);
    if (!f) return NULL;
    INCREF(locals);
    f->locals = locals;
    if (frame_init_cells(S, f) < 0) {
        frame_pop(S, f);
        return NULL;
    }
    return eval_frame(S, f, 0);
}

PhObject *eval_class_body(PhState *S, PhObject *func, PhObject *ns)
{
    PhFunction *fn = (PhFunction *)func;
    PhFrame *f = frame_push(S, func, (PhCode *)fn->code);
    if (!f) return NULL;
    INCREF(ns);
    f->locals = ns;
    if (frame_init_cells(S, f) < 0) {
        frame_pop(S, f);
        return NULL;
    }
    return eval_frame(S, f, 0);
}
