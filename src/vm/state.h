/* The interpreter state: one owns everything (heap, collector, caches,
 * builtin types, modules, the frame stack). pyheap has no mutable globals.
 *
 * Builtin types are per-state copies of const templates (`<name>_type_template`
 * in each type's .c file): their reference counts and statistics change, so
 * they cannot be shared globals. They live in this struct, not in the heap,
 * like CPython's static types.
 */
#ifndef PH_VM_STATE_H
#define PH_VM_STATE_H

#include "pyheap.h"

#include "mem/mem.h"
#include "objects/int.h"
#include "objects/str.h"

/* X(field, template): S->types.field is a copy of template_type_template. */
#define PH_BUILTIN_TYPES(X)                                                      \
    /* core: src/objects/typeobject.c, descr.c, none.c, module.c */              \
    X(object, object) X(type, type) X(none, none) X(notimpl, notimpl)            \
    X(ellipsis, ellipsis) X(super, super) X(property, property)                  \
    X(classmethod, classmethod) X(staticmethod, staticmethod)                    \
    X(method_descr, method_descr) X(getset_descr, getset_descr)                  \
    X(member_descr, member_descr) X(builtin_func, builtin_func)                  \
    X(method, method) X(module, module) X(traceback, traceback)                  \
    X(textio, textio)                                                            \
    /* numbers: src/objects/int.c, bool.c, float.c */                           \
    X(int_, int) X(bool_, bool) X(float_, float) X(complex, complex)                                 \
    /* text: src/objects/str.c, bytes.c, bytearray.c */                         \
    X(str, str) X(str_iter, str_iter) X(str_uni_iter, str_uni_iter)             \
    X(bytes, bytes) X(bytes_iter, bytes_iter)                                    \
    X(bytearray, bytearray) X(bytearray_iter, bytearray_iter)                    \
    /* containers: src/objects/list.c, tuple.c, dict.c, set.c, range.c, ... */   \
    X(list, list) X(list_iter, list_iter) X(list_reviter, list_reviter)          \
    X(tuple, tuple) X(tuple_iter, tuple_iter)                                    \
    X(dict, dict) X(dict_keys, dict_keys) X(dict_values, dict_values)            \
    X(dict_items, dict_items) X(dict_keyiter, dict_keyiter)                      \
    X(dict_valueiter, dict_valueiter) X(dict_itemiter, dict_itemiter)            \
    X(set, set) X(frozenset, frozenset) X(set_iter, set_iter)                    \
    X(range, range) X(range_iter, range_iter) X(slice, slice)                    \
    X(seq_iter, seq_iter) X(callable_iter, callable_iter)                        \
    X(enumerate, enumerate) X(zip, zip) X(map, map) X(filter, filter)            \
    X(reversed, reversed)                                                        \
    /* functions: src/objects/func.c, code.c, cell.c, frameobject.c */          \
    X(function, function) X(code, code) X(cell, cell) X(frame, frame)           \
    X(generator, generator)

/* X(Name, Base): CPython 3.11's hierarchy (src/objects/exceptions.c). */
#define PH_EXCEPTION_TYPES(X)                                                    \
    X(BaseException, BaseException) X(SystemExit, BaseException)                 \
    X(KeyboardInterrupt, BaseException) X(GeneratorExit, BaseException)          \
    X(Exception, BaseException) X(StopIteration, Exception)                      \
    X(StopAsyncIteration, Exception) X(ArithmeticError, Exception)               \
    X(FloatingPointError, ArithmeticError) X(OverflowError, ArithmeticError)     \
    X(ZeroDivisionError, ArithmeticError) X(AssertionError, Exception)           \
    X(AttributeError, Exception) X(BufferError, Exception) X(EOFError, Exception) \
    X(ImportError, Exception) X(ModuleNotFoundError, ImportError)                \
    X(LookupError, Exception) X(IndexError, LookupError) X(KeyError, LookupError) \
    X(MemoryError, Exception) X(NameError, Exception)                            \
    X(UnboundLocalError, NameError) X(OSError, Exception)                        \
    X(FileNotFoundError, OSError) X(FileExistsError, OSError)                    \
    X(IsADirectoryError, OSError) X(NotADirectoryError, OSError)                 \
    X(PermissionError, OSError) X(ReferenceError, Exception)                     \
    X(RuntimeError, Exception) X(NotImplementedError, RuntimeError)              \
    X(RecursionError, RuntimeError) X(SyntaxError, Exception)                    \
    X(IndentationError, SyntaxError) X(TabError, IndentationError)               \
    X(SystemError, Exception) X(TypeError, Exception) X(ValueError, Exception)   \
    X(UnicodeError, ValueError) X(UnicodeDecodeError, UnicodeError)              \
    X(UnicodeEncodeError, UnicodeError) X(Warning, Exception)                    \
    X(UserWarning, Warning) X(DeprecationWarning, Warning)                       \
    X(PendingDeprecationWarning, Warning) X(SyntaxWarning, Warning)              \
    X(RuntimeWarning, Warning) X(FutureWarning, Warning)                         \
    X(ImportWarning, Warning) X(UnicodeWarning, Warning)                         \
    X(BytesWarning, Warning) X(ResourceWarning, Warning)                         \
    X(EncodingWarning, Warning)

#define PH_DECLARE_TYPE_FIELD(field, tmpl) PhType field;
#define PH_DECLARE_EXC_FIELD(name, base) PhType name;
typedef struct PhBuiltinTypes {
    PH_BUILTIN_TYPES(PH_DECLARE_TYPE_FIELD)
} PhBuiltinTypes;
typedef struct PhExceptionTypes {
    PH_EXCEPTION_TYPES(PH_DECLARE_EXC_FIELD)
} PhExceptionTypes;

#define PH_DECLARE_TEMPLATE(field, tmpl) extern const PhType tmpl##_type_template;
PH_BUILTIN_TYPES(PH_DECLARE_TEMPLATE)

struct PhFrame; /* src/vm/frame.h */

struct PhState {
    PhMem mem; /* must stay first: see mem_of() */
    PhConfig config;
    PhBuiltinTypes types;
    PhExceptionTypes exc;

    /* ---- static singletons (not in the heap; refcnt starts at OBJ_STATIC_REFCNT) */
    PhObject none, notimpl, ellipsis;
    PhInt true_, false_;

    /* ---- object caches (src/objects) */
    PhObject *small_ints[INT_NSMALL]; /* -5..256 */
    PhObject *empty_str;              /* '' */
    PhObject *latin1[256];            /* one-character strings U+0000..U+00FF */
    PhObject *empty_tuple;            /* () */
    PhObject *empty_bytes;            /* b'' */
    PhObject *bytes_chars[256];       /* one-byte bytes objects */
    StrTable interned;
    void *freelists; /* tuple/list/dict/float freelists (src/objects), opaque here */
    /* ---- numbers engineer (src/objects/int.c, float.c) */
    PhObject *float_freelist; /* dead exact floats, linked through ob.type */
    int float_numfree;        /* length of float_freelist, <= FLOAT_MAXFREELIST */
    int int_max_str_digits;   /* sys.set_int_max_str_digits(); 0 means no limit */
    void (*numbers_prev_clear_freelists)(PhState *S); /* collector hook chained by float.c */
    /* ---- containers engineer (src/objects/containers.h) */
    struct PhContainers *containers; /* freelists, shared empty dict keys, repr guard */

    /* ---- runtime (src/vm) */
    PhObject *cur_exc;        /* the exception being raised, or NULL */
    PhObject *handled_exc;    /* sys.exc_info()'s exception inside except blocks */
    struct PhFrame *frame;    /* innermost executing frame */
    void *frame_stack;        /* the contiguous frame stack (src/vm/frame.c) */
    int recursion_depth;
    int recursion_limit;      /* sys.getrecursionlimit(): 1000 */
    char *c_stack_base;       /* for the C-stack guard in err_enter_recursive */
    PhObject *builtins;       /* the builtins module's dict */
    PhObject *modules;        /* sys.modules (dict) */
    PhObject *sys_module;
    PhObject *main_module;
    PhObject *argv;           /* list of str */
    PhObject *gc_garbage;     /* gc.garbage (list) */
    PhObject *gc_callbacks;   /* gc.callbacks (list) */
    PhObject *stdout_obj, *stderr_obj, *stdin_obj;
    void *ids;                /* interned identifier strings (__init__, ...) */
    void *vm_ext;             /* VM-private data (src/vm) */
    /* ---- runtime engineer (src/vm/builtins.h: builtins, import, sys) */
    struct PhRuntimeExt *rt;  /* builtins module, line reader for input() */
};

/* Borrowed references to the singletons. */
#define PH_NONE(S) (&(S)->none)
#define PH_TRUE(S) ((PhObject *)&(S)->true_)
#define PH_FALSE(S) ((PhObject *)&(S)->false_)
#define PH_NOTIMPL(S) (&(S)->notimpl)
#define PH_ELLIPSIS(S) (&(S)->ellipsis)
static inline PhObject *ph_bool(PhState *S, int b)
{
    PhObject *o = b ? PH_TRUE(S) : PH_FALSE(S);
    obj_incref(o);
    return o;
}
static inline PhObject *ph_none(PhState *S)
{
    obj_incref(&S->none);
    return &S->none;
}

#endif
