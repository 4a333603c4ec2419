/* Calling Python functions: argument binding and the function type's
 * vectorcall slot. */
#ifndef PH_VM_CALL_H
#define PH_VM_CALL_H

#include "mem/object.h"
#include "vm/frame.h"

/* The `call` slot of the function type: args are borrowed. */
PhObject *func_vectorcall(PhState *S, PhObject *func, PhObject *const *args, size_t nargs,
                          PhObject *kwnames);

/* Pushes a frame for func and binds the arguments into its local slots.
 * With steal != 0 the references in args[0..nargs+len(kwnames)) are moved
 * into the frame (on success and on failure alike: the caller must not
 * release them); otherwise new references are taken. Returns the frame, or
 * NULL with TypeError (CPython's messages) or MemoryError. */
PhFrame *call_bind_frame(PhState *S, PhObject *func, PhObject *const *args, size_t nargs,
                         PhObject *kwnames, int steal);

/* Creates a generator for a frame set up by call_bind_frame for a
 * generator function (the frame is moved into the generator and popped). */
PhObject *gen_new_from_frame(PhState *S, PhFrame *f);

/* Resumes a generator with arg (borrowed; exc != 0: raise the current
 * exception at the yield instead). GEN_YIELD: *result is the yielded value;
 * GEN_RETURN: *result is the return value; GEN_ERROR: exception set. */
enum { GEN_ERROR = -1, GEN_RETURN = 0, GEN_YIELD = 1 };
int gen_send_ex(PhState *S, PhObject *gen, PhObject *arg, int exc, PhObject **result);
/* After an iterator stopped: *value = StopIteration's value (None when no
 * exception is set) and the exception is cleared; -1 for other exceptions. */
int gen_fetch_stop_value(PhState *S, PhObject **value);
/* The frame of a generator (for inspectors and super()). */
PhFrame *gen_frame(PhObject *gen);

#endif
