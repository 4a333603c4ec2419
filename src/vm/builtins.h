/* The runtime's modules: builtins (builtins.c), import and the lifetime of
 * the module table (import.c), and the helpers the builtin modules share
 * (sys, gc, time in src/modules).
 *
 * Argument checking reproduces the messages of CPython's calling
 * conventions, because programs print them:
 *   rt_one_arg          METH_O:         "len() takes exactly one argument (0 given)"
 *   rt_no_args          METH_NOARGS:    "globals() takes no arguments (1 given)"
 *   rt_no_kwargs                        "len() takes no keyword arguments"
 *   rt_check_positional _PyArg_CheckPositional: "getattr expected at least 2
 *                                       arguments, got 1"
 *   args_bind           (objects/args.h) Argument Clinic with keywords: "round() missing
 *                                       required argument 'number' (pos 1)"
 */
#ifndef PH_VM_BUILTINS_H
#define PH_VM_BUILTINS_H

#include "mem/object.h"
#include "objects/args.h"
#include "pyheap.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- state of the runtime engineer's area (S->rt) ------------------------------ */

/* Reads one line for input() and the prompt on a terminal: returns text
 * allocated with malloc (without the newline), or NULL at end of input.
 * *interrupted is set when Ctrl-C cancelled the line. */
typedef PhLineReaderFn PhLineReader; /* include/pyheap.h */

typedef struct PhRuntimeExt {
    PhObject *builtins_module; /* strong: the builtins module object */
    PhObject *builtins_copy;   /* strong: the builtins dict as start-up left it,
                                  restored at shut-down (CPython's builtins_copy) */
    PhLineReader line_reader;  /* set by the command line; NULL: read with fgets */
    void *line_reader_ctx;
    int interactive;           /* running the interactive prompt */
    int inspect;               /* -i: a prompt follows the program */
} PhRuntimeExt;

#define RT(S) ((S)->rt)

/* ---- module constructors and lookups ------------------------------------------- */

/* Creates the builtins module (new reference). */
PhObject *builtins_module_create(PhState *S);

/* sys.builtin_module_names (new tuple). */
PhObject *rt_builtin_module_names(PhState *S);
/* A new module as run from source: __builtins__, and __file__/__cached__
 * when filename is not NULL. */
PhObject *rt_new_source_module(PhState *S, const char *name, const char *filename);
/* Compiles and runs source in mod's dict; 0, or -1 with the exception set. */
int rt_exec_module_source(PhState *S, PhObject *mod, const char *src, size_t len,
                          const char *filename);

/* sys.<name> (borrowed), or NULL without an exception when missing. */
PhObject *rt_sys_get(PhState *S, const char *name);
/* sys.<name> = v; 0 or -1. */
int rt_sys_set(PhState *S, const char *name, PhObject *v);

/* Writes a str to a file-like object: textio fast path, else file.write(s). */
int rt_file_write(PhState *S, PhObject *file, PhObject *s);
int rt_file_write_cstr(PhState *S, PhObject *file, const char *text);
/* file.flush(); errors are returned (-1). */
int rt_file_flush(PhState *S, PhObject *file);

/* err_print, writing to sys.stderr as it is now (err_print itself writes to
 * S->stderr_obj, the stream start-up made). */
void rt_err_print(PhState *S);

/* Looks a special method up on type(o) and binds it to o, as CPython's
 * _PyObject_LookupSpecial: new reference, or NULL (exception set only if the
 * lookup itself failed). */
PhObject *rt_lookup_special(PhState *S, PhObject *o, PhObject *name);

/* Creates a read-only tuple subclass in the style of CPython's struct
 * sequences (sys.version_info, sys.float_info): `module.name` with the
 * given field names, and one instance of it holding values[0..n) (borrowed).
 * Returns the instance (new reference). */
PhObject *rt_structseq_new(PhState *S, const char *module, const char *name,
                           const char *const *fields, PhObject *const *values, int n);

/* ---- argument checking -------------------------------------------------------- */

int rt_no_kwargs(PhState *S, const char *fname, PhObject *kwnames);
int rt_one_arg(PhState *S, const char *fname, size_t nargs, PhObject *kwnames);
int rt_no_args(PhState *S, const char *fname, size_t nargs, PhObject *kwnames);
int rt_check_positional(PhState *S, const char *fname, size_t nargs, size_t min, size_t max);


/* An int argument as a C int ("'str' object cannot be interpreted as an
 * integer"; OverflowError "Python int too large to convert to C int").
 * -1 with an exception on failure (check err_occurred). */
int rt_as_int(PhState *S, PhObject *o, int *out);


#endif
