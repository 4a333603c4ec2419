/* Exception objects. Every builtin exception type shares one layout;
 * attributes particular to a type (SyntaxError.lineno, SystemExit.code,
 * StopIteration.value, OSError.errno, ...) live in the instance __dict__. */
#ifndef PH_OBJECTS_EXCEPTIONS_H
#define PH_OBJECTS_EXCEPTIONS_H

#include "mem/object.h"

typedef struct PhBaseException {
    PhObject ob;
    PhObject *dict;      /* __dict__ or NULL */
    PhObject *args;      /* tuple */
    PhObject *notes;     /* __notes__ or NULL */
    PhObject *traceback; /* __traceback__ or NULL */
    PhObject *context;   /* __context__ or NULL */
    PhObject *cause;     /* __cause__ or NULL */
    char suppress_context;
} PhBaseException;

/* Creates the builtin exception types in S->exc; -1 if memory ran out. */
int exceptions_init(PhState *S);
void exceptions_fini(PhState *S);
/* New instance of exc_type with the given args tuple (borrowed). */
PhObject *exc_new(PhState *S, PhType *exc_type, PhObject *args);

/* Instantiates exc_type(*args) (args: a tuple, borrowed): builtin
 * exception types directly, others by calling the class. */
PhObject *exc_create(PhState *S, PhType *exc_type, PhObject *args);
/* The preallocated MemoryError instance (borrowed). */
PhObject *exc_memory_error(PhState *S);
/* Attribute of an exception's __dict__ (borrowed), or NULL. */
PhObject *exc_get_attr(PhState *S, PhObject *exc, const char *name);
/* SyntaxError printing pieces for err_print: the "  File ..., line N" /
 * source / caret block, and the bare msg. */
struct PhBuf;
int exc_format_syntax_error_location(PhState *S, PhObject *exc, struct PhBuf *b);
PhObject *exc_syntax_error_msg(PhState *S, PhObject *exc);
/* After a failed getattr: records AttributeError.name and .obj (once), which
 * the traceback printer uses to suggest a similar name. */
void exc_set_attribute_context(PhState *S, PhObject *obj, PhObject *name);
/* Appends each str in exc.__notes__ on its own line. */
void exc_format_notes(PhState *S, PhObject *exc, struct PhBuf *b);
/* Creates StopIteration(value) and sets it (value borrowed). */
void exc_set_stop_iteration(PhState *S, PhObject *value);
/* For a StopIteration being raised, its value (new ref; None if no args). */
PhObject *exc_stop_iteration_value(PhState *S, PhObject *exc);
/* Raises OSError(errno, strerror(errno)[, filename]) mapped to its subclass
 * (FileNotFoundError, ...), as CPython's PyErr_SetFromErrnoWithFilename. */
PhObject *err_set_from_errno(PhState *S, int errnum, PhObject *filename);
/* Raises SyntaxError(msg, (filename, lineno, offset, text, end_lineno,
 * end_offset)) of type t (SyntaxError, IndentationError, TabError); offsets
 * are 1-based columns as in CPython; text may be NULL. */
void err_set_syntax(PhState *S, PhType *t, const char *msg, const char *filename, int lineno,
                    int offset, const char *text, int end_lineno, int end_offset);

#endif
