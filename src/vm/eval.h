/* The bytecode interpreter.
 *
 * Python-to-Python calls do not recurse in C: the eval loop pushes the
 * callee's frame and carries on. A call from C into Python (obj_call of a
 * function) enters the loop again with a new "entry" frame; each such entry
 * is bounded by err_enter_recursive.
 */
#ifndef PH_VM_EVAL_H
#define PH_VM_EVAL_H

#include "compiler/opcodes.h"
#include "mem/object.h"
#include "vm/frame.h"

/* Runs a module's (or exec's) code with the given globals and locals
 * (locals may be NULL: same as globals). Returns the code's result (None
 * for module code), or NULL with the exception set. */
PhObject *eval_code(PhState *S, PhObject *code, PhObject *globals, PhObject *locals);

/* Runs a class body: func is the function made from the class body's code,
 * ns the namespace mapping returned by __prepare__. Returns a new reference
 * to the body's `__class__` cell when a method uses super() or __class__,
 * ph_none() when it has none, or NULL with an exception set. */
PhObject *eval_class_body(PhState *S, PhObject *func, PhObject *ns);

/* Runs frame f (already set up) until it returns: the C entry into the
 * loop. Returns the result or NULL. throwflag: start by raising the current
 * exception in f (generator.throw). */
PhObject *eval_frame(PhState *S, PhFrame *f, int throwflag);

/* Rewrites fusable pairs of instructions of a new code object into
 * superinstructions (code_new calls it); see eval.c. */
void eval_quicken(PhInstr *instrs, const uint8_t *line_start, int n);

/* The line being executed by the innermost frame (0 if none). */
int eval_current_line(PhState *S);

/* Implemented by the runtime engineer (src/vm/builtins.c): the import
 * statement. name is the dotted module name, fromlist a tuple or None,
 * level the number of leading dots. Returns the module (new reference). */
PhObject *vm_import(PhState *S, PhObject *name, PhObject *fromlist, int level);

/* Called by vm_init/vm_fini (frame.c): the eval loop's own state. */
int eval_init(PhState *S);
void eval_fini(PhState *S);

#endif
