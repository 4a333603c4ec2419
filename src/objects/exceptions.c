/* Builtin exception types. */
#include "exceptions.h"

#include "vm/state.h"

static void exc_dealloc(PhState *S, PhObject *self) { obj_free(S, self); }

static const PhType exception_type_template = {
    .basicsize = sizeof(PhBaseException),
    .flags = TPFLAG_BASETYPE | TPFLAG_BASE_EXC_SUBCLASS | TPFLAG_STATIC_TYPE,
    .dealloc = exc_dealloc,
};

int exceptions_init(PhState *S)
{
#define INIT_EXC(exc_name, base_name)                                            \
    S->exc.exc_name = exception_type_template;                                   \
    S->exc.exc_name.ob.ob.refcnt = OBJ_STATIC_REFCNT;                            \
    S->exc.exc_name.ob.ob.type = &S->types.type;                                 \
    S->exc.exc_name.name = #exc_name;                                            \
    S->exc.exc_name.base = &S->exc.exc_name == &S->exc.base_name                 \
                               ? &S->types.object                                \
                               : &S->exc.base_name;
    PH_EXCEPTION_TYPES(INIT_EXC)
#undef INIT_EXC
    return 0;
}

void exceptions_fini(PhState *S) { (void)S; }
