/* Placeholders for builtin types whose implementation has not landed yet, so
 * the tree links while they are written. Whoever implements a type deletes
 * its line here. This file disappears when the list is empty. */
#include "mem/object.h"
#include "vm/init.h"

static void pending_dealloc(PhState *S, PhObject *o) { obj_free(S, o); }

#define PENDING(tmpl) \
    const PhType tmpl##_type_template = {.name = #tmpl, .dealloc = pending_dealloc};

PENDING(object) PENDING(type) PENDING(none) PENDING(notimpl) PENDING(ellipsis)
PENDING(super) PENDING(property) PENDING(classmethod) PENDING(staticmethod)
PENDING(method_descr) PENDING(getset_descr) PENDING(member_descr) PENDING(builtin_func)
PENDING(method) PENDING(module) PENDING(traceback) PENDING(textio) PENDING(bool)
PENDING(float) PENDING(str_iter) PENDING(bytes) PENDING(bytes_iter) PENDING(list)
PENDING(list_iter) PENDING(list_reviter) PENDING(tuple) PENDING(tuple_iter) PENDING(dict)
PENDING(dict_keys) PENDING(dict_values) PENDING(dict_items) PENDING(dict_keyiter)
PENDING(dict_valueiter) PENDING(dict_itemiter) PENDING(set) PENDING(frozenset)
PENDING(set_iter) PENDING(range) PENDING(range_iter) PENDING(slice) PENDING(seq_iter)
PENDING(callable_iter) PENDING(enumerate) PENDING(zip) PENDING(map) PENDING(filter)
PENDING(reversed) PENDING(function) PENDING(code) PENDING(cell) PENDING(frame)
PENDING(generator)

int containers_init(PhState *S) { (void)S; return 0; }
void containers_fini(PhState *S) { (void)S; }
int numbers_init(PhState *S) { (void)S; return 0; }
void numbers_fini(PhState *S) { (void)S; }
int text_init(PhState *S) { (void)S; return 0; }
void text_fini(PhState *S) { (void)S; }
int runtime_init(PhState *S) { (void)S; return 0; }
void runtime_fini(PhState *S) { (void)S; }
int vm_init(PhState *S) { (void)S; return 0; }
void vm_fini(PhState *S) { (void)S; }
int modules_init(PhState *S) { (void)S; return 0; }
void modules_fini(PhState *S) { (void)S; }
