/* Start-up and shut-down of each subsystem, in the order state.c calls them.
 * Each returns 0, or -1 when memory ran out. Shut-down runs in reverse. */
#ifndef PH_VM_INIT_H
#define PH_VM_INIT_H

#include "mem/object.h"

int containers_init(PhState *S);  /* (), freelists       - src/objects/tuple.c   */
void containers_fini(PhState *S);
int numbers_init(PhState *S);     /* float freelist      - src/objects/float.c   */
void numbers_fini(PhState *S);
int text_init(PhState *S);        /* b'', one-byte bytes - src/objects/bytes.c   */
void text_fini(PhState *S);
int runtime_init(PhState *S);     /* type dicts, identifiers, exceptions ready
                                     - src/objects/typeobject.c */
void runtime_fini(PhState *S);
int vm_init(PhState *S);          /* frame stack         - src/vm/frame.c        */
void vm_fini(PhState *S);
int modules_init(PhState *S);     /* builtins, sys, gc, math, time, sys.modules
                                     - src/vm/builtins.c */
void modules_fini(PhState *S);    /* clears module dicts: frees the program's objects */

#endif
