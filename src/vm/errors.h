/* Exceptions: the current exception lives in the interpreter state.
 *
 * Convention everywhere: a function that fails sets an exception and returns
 * NULL (pointer results) or -1 (int results). Nothing longjmps.
 */
#ifndef PH_VM_ERRORS_H
#define PH_VM_ERRORS_H

#include "mem/object.h"

#include <stdarg.h>
#include <stdbool.h>

/* Sets the current exception to exc_type(message), message built printf-style.
 * Formats: the usual printf ones plus %U (a str object), %R (repr of an
 * object), %S (str of an object) and %T (the object's type name). Returns NULL
 * so callers can `return err_format(...)`. */
PhObject *err_format(PhState *S, PhType *exc_type, const char *fmt, ...);
PhObject *err_vformat(PhState *S, PhType *exc_type, const char *fmt, va_list ap);
/* Sets exc_type(value) (value may be NULL: no args); value is borrowed. */
void err_set_object(PhState *S, PhType *exc_type, PhObject *value);
/* Sets an exception instance (or a class, instantiated with no args) as
 * `raise` does. Borrowed. */
void err_set_raised(PhState *S, PhObject *exc);
PhObject *err_no_memory(PhState *S); /* MemoryError, never allocates */

bool err_occurred(PhState *S);
/* The current exception (borrowed), or NULL. */
PhObject *err_current(PhState *S);
/* Is the current exception an instance of exc_type (or one of a tuple)? */
bool err_matches(PhState *S, PhObject *exc_type);
/* Takes the current exception out of the state (new reference) and clears it. */
PhObject *err_fetch(PhState *S);
/* Makes exc (a reference that is stolen) the current exception. */
void err_restore(PhState *S, PhObject *exc);
void err_clear(PhState *S);

/* Writes the current exception with its traceback in CPython's format to
 * stderr and clears it (sys.excepthook's job). */
void err_print(PhState *S);
/* Reports an exception that cannot propagate (in __del__, gc callbacks):
 * "Exception ignored in: <obj>" and the traceback, as CPython does. */
void err_write_unraisable(PhState *S, PhObject *where);

/* Checks the recursion depth around C-level re-entry (repr of nested
 * containers, calls from C into Python). RecursionError past the limit,
 * or when the C stack is nearly exhausted. */
int err_enter_recursive(PhState *S, const char *where);
void err_leave_recursive(PhState *S);

#endif
