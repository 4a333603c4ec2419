/* Function objects and cells.
 *
 * PhFunction has CPython 3.11's PyFunctionObject layout (136 bytes + the
 * 16-byte GC header: sys.getsizeof(lambda: 0) == 152). A function keeps its
 * globals and builtins alive; frames running it borrow them from it.
 *
 * A cell (PhCell, 24 bytes) holds one variable shared between a function and
 * the functions nested in it.
 */
#ifndef PH_OBJECTS_FUNC_H
#define PH_OBJECTS_FUNC_H

#include "mem/object.h"
#include "vm/state.h"

typedef struct PhFunction {
    PhObject ob;
    PhObject *globals;     /* dict */
    PhObject *builtins;    /* dict */
    PhObject *name;        /* str */
    PhObject *qualname;    /* str */
    PhObject *code;        /* code object */
    PhObject *defaults;    /* tuple or NULL */
    PhObject *kwdefaults;  /* dict or NULL */
    PhObject *closure;     /* tuple of cells or NULL */
    PhObject *doc;         /* any object (None when absent) */
    PhObject *dict;        /* __dict__ or NULL */
    PhObject *weakreflist;
    PhObject *module;      /* __module__: globals['__name__'] at creation, or NULL */
    PhObject *annotations; /* dict or NULL */
    vectorcallfunc vectorcall;
    uint32_t version;
} PhFunction;

typedef struct PhCell {
    PhObject ob;
    PhObject *ref; /* NULL: empty */
} PhCell;

extern const PhType function_type_template;
extern const PhType cell_type_template;

static inline bool func_check(PhState *S, const PhObject *o) { return o->type == &S->types.function; }
static inline bool cell_check(PhState *S, const PhObject *o) { return o->type == &S->types.cell; }

/* A function for code running in globals (borrowed). Its builtins are
 * globals['__builtins__'] (a module's dict, or a dict) when present, else
 * the interpreter's builtins; __name__ and __qualname__ come from the code
 * object, __doc__ from its first constant when that is a str. */
PhObject *func_new(PhState *S, PhObject *code, PhObject *globals);
/* New empty cell, or a cell holding v (borrowed; may be NULL). */
PhObject *cell_new(PhState *S, PhObject *v);
static inline PhObject *cell_get(PhObject *cell) { return ((PhCell *)cell)->ref; }
/* Replaces the content (v borrowed, may be NULL); the old value is released last. */
void cell_set(PhState *S, PhObject *cell, PhObject *v);

/* The builtins dict to use for code running in globals (borrowed). */
PhObject *func_builtins_for(PhState *S, PhObject *globals);

#endif
