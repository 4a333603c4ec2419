/* The operator module: the operators as functions (operator.add(a, b) is
 * a + b), with CPython's argument checking. itemgetter, attrgetter and
 * methodcaller are not provided. */
#include "modules.h"

#include "objects/abstract.h"
#include "objects/descr.h"
#include "objects/int.h"
#include "objects/module.h"
#include "objects/tuple.h"
#include "vm/builtins.h"
#include "vm/errors.h"
#include "vm/state.h"

#include <stdio.h>
#include <string.h>

/* The operators share one implementation (op_call): the name in the
 * called function's def selects the entry of this table. */
typedef enum OpKind { OP_BIN, OP_INPLACE, OP_CMP, OP_UNARY } OpKind;

typedef struct OpInfo {
    const char *name;
    OpKind kind;
    int op; /* BinOp, CMP_*, or the unary index below */
} OpInfo;

enum { U_NEG, U_POS, U_ABS, U_INV, U_NOT, U_TRUTH, U_INDEX };

static const OpInfo op_table[] = {
    {"add", OP_BIN, BINOP_ADD},           {"sub", OP_BIN, BINOP_SUB},
    {"mul", OP_BIN, BINOP_MUL},           {"truediv", OP_BIN, BINOP_TRUEDIV},
    {"floordiv", OP_BIN, BINOP_FLOORDIV}, {"mod", OP_BIN, BINOP_MOD},
    {"pow", OP_BIN, BINOP_POW},           {"lshift", OP_BIN, BINOP_LSHIFT},
    {"rshift", OP_BIN, BINOP_RSHIFT},     {"and_", OP_BIN, BINOP_AND},
    {"or_", OP_BIN, BINOP_OR},            {"xor", OP_BIN, BINOP_XOR},
    {"matmul", OP_BIN, BINOP_MATMUL},     {"iadd", OP_INPLACE, BINOP_ADD},
    {"isub", OP_INPLACE, BINOP_SUB},      {"imul", OP_INPLACE, BINOP_MUL},
    {"itruediv", OP_INPLACE, BINOP_TRUEDIV}, {"ifloordiv", OP_INPLACE, BINOP_FLOORDIV},
    {"imod", OP_INPLACE, BINOP_MOD},      {"ipow", OP_INPLACE, BINOP_POW},
    {"ilshift", OP_INPLACE, BINOP_LSHIFT}, {"irshift", OP_INPLACE, BINOP_RSHIFT},
    {"iand", OP_INPLACE, BINOP_AND},      {"ior", OP_INPLACE, BINOP_OR},
    {"ixor", OP_INPLACE, BINOP_XOR},      {"imatmul", OP_INPLACE, BINOP_MATMUL},
    {"lt", OP_CMP, CMP_LT},               {"le", OP_CMP, CMP_LE},
    {"eq", OP_CMP, CMP_EQ},               {"ne", OP_CMP, CMP_NE},
    {"gt", OP_CMP, CMP_GT},               {"ge", OP_CMP, CMP_GE},
    {"neg", OP_UNARY, U_NEG},             {"pos", OP_UNARY, U_POS},
    {"abs", OP_UNARY, U_ABS},             {"invert", OP_UNARY, U_INV},
    {"inv", OP_UNARY, U_INV},             {"not_", OP_UNARY, U_NOT},
    {"truth", OP_UNARY, U_TRUTH},         {"index", OP_UNARY, U_INDEX},
};
#define N_OPS (sizeof op_table / sizeof op_table[0])

static PhObject *unary(PhState *S, int op, PhObject *a)
{
    switch (op) {
    case U_NEG: return num_negative(S, a);
    case U_POS: return num_positive(S, a);
    case U_ABS: return num_absolute(S, a);
    case U_INV: return num_invert(S, a);
    case U_INDEX: return num_index(S, a);
    default: {
        int t = obj_is_true(S, a);
        if (t < 0) return NULL;
        return ph_bool(S, op == U_NOT ? !t : t);
    }
    }
}

static const OpInfo *info_of(const char *name)
{
    for (size_t i = 0; i < N_OPS; i++)
        if (strcmp(op_table[i].name, name) == 0) return &op_table[i];
    return NULL;
}

static PhObject *op_call(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                         PhObject *kwnames)
{
    const char *name = ((PhBuiltinFunc *)callable)->def->name;
    const OpInfo *info = info_of(name);
    if (!info) return err_format(S, &S->exc.SystemError, "unknown operator %s", name);
    size_t want = info->kind == OP_UNARY ? 1 : 2;
    if (info->kind == OP_UNARY) {
        char qual[32]; /* METH_O messages name the function with its module */
        snprintf(qual, sizeof qual, "_operator.%s", name);
        if (rt_one_arg(S, qual, nargs, kwnames) < 0) return NULL;
        return unary(S, info->op, args[0]);
    }
    if (rt_no_kwargs(S, name, kwnames) < 0 || rt_check_positional(S, name, nargs, want, want) < 0)
        return NULL;
    switch (info->kind) {
    case OP_BIN: return num_binary(S, args[0], args[1], (BinOp)info->op);
    case OP_INPLACE: return num_inplace(S, args[0], args[1], (BinOp)info->op);
    default: return obj_richcompare(S, args[0], args[1], info->op);
    }
}

static PhObject *op_is(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                       PhObject *kwnames)
{
    if (rt_no_kwargs(S, "is_", kwnames) < 0 || rt_check_positional(S, "is_", nargs, 2, 2) < 0)
        return NULL;
    return ph_bool(S, args[0] == args[1]);
}

static PhObject *op_is_not(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (rt_no_kwargs(S, "is_not", kwnames) < 0 ||
        rt_check_positional(S, "is_not", nargs, 2, 2) < 0)
        return NULL;
    return ph_bool(S, args[0] != args[1]);
}

static PhObject *op_getitem(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_kwargs(S, "getitem", kwnames) < 0 ||
        rt_check_positional(S, "getitem", nargs, 2, 2) < 0)
        return NULL;
    return obj_getitem(S, args[0], args[1]);
}

static PhObject *op_setitem(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_kwargs(S, "setitem", kwnames) < 0 ||
        rt_check_positional(S, "setitem", nargs, 3, 3) < 0)
        return NULL;
    if (obj_setitem(S, args[0], args[1], args[2]) < 0) return NULL;
    return ph_none(S);
}

static PhObject *op_delitem(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                            PhObject *kwnames)
{
    if (rt_no_kwargs(S, "delitem", kwnames) < 0 ||
        rt_check_positional(S, "delitem", nargs, 2, 2) < 0)
        return NULL;
    if (obj_delitem(S, args[0], args[1]) < 0) return NULL;
    return ph_none(S);
}

static PhObject *op_contains(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                             PhObject *kwnames)
{
    if (rt_no_kwargs(S, "contains", kwnames) < 0 ||
        rt_check_positional(S, "contains", nargs, 2, 2) < 0)
        return NULL;
    int r = obj_contains(S, args[0], args[1]);
    return r < 0 ? NULL : ph_bool(S, r);
}

static PhObject *op_concat(PhState *S, PhObject *self, PhObject *const *args, size_t nargs,
                           PhObject *kwnames)
{
    if (rt_no_kwargs(S, "concat", kwnames) < 0 ||
        rt_check_positional(S, "concat", nargs, 2, 2) < 0)
        return NULL;
    if (!args[0]->type->as_sequence)
        return err_format(S, &S->exc.TypeError, "'%s' object can't be concatenated",
                          args[0]->type->name);
    return num_binary(S, args[0], args[1], BINOP_ADD);
}

#define OPDEF(n) {n, op_call, METH_DEFAULT, NULL}
static const PhMethodDef operator_functions[] = {
    OPDEF("add"), OPDEF("sub"), OPDEF("mul"), OPDEF("truediv"), OPDEF("floordiv"),
    OPDEF("mod"), OPDEF("pow"), OPDEF("lshift"), OPDEF("rshift"), OPDEF("and_"),
    OPDEF("or_"), OPDEF("xor"), OPDEF("matmul"), OPDEF("iadd"), OPDEF("isub"),
    OPDEF("imul"), OPDEF("itruediv"), OPDEF("ifloordiv"), OPDEF("imod"), OPDEF("ipow"),
    OPDEF("ilshift"), OPDEF("irshift"), OPDEF("iand"), OPDEF("ior"), OPDEF("ixor"),
    OPDEF("imatmul"), OPDEF("lt"), OPDEF("le"), OPDEF("eq"), OPDEF("ne"),
    OPDEF("gt"), OPDEF("ge"), OPDEF("neg"), OPDEF("pos"), OPDEF("abs"),
    OPDEF("invert"), OPDEF("inv"), OPDEF("not_"), OPDEF("truth"), OPDEF("index"),
    {"is_", op_is, METH_DEFAULT, NULL},
    {"is_not", op_is_not, METH_DEFAULT, NULL},
    {"getitem", op_getitem, METH_DEFAULT, NULL},
    {"setitem", op_setitem, METH_DEFAULT, NULL},
    {"delitem", op_delitem, METH_DEFAULT, NULL},
    {"contains", op_contains, METH_DEFAULT, NULL},
    {"concat", op_concat, METH_DEFAULT, NULL},
    {NULL, NULL, 0, NULL},
};

PhObject *operator_module_create(PhState *S)
{
    PhObject *mod = module_new(S, "operator");
    if (!mod) return NULL;
    if (module_add_functions(S, mod, operator_functions) < 0) {
        DECREF(S, mod);
        return NULL;
    }
    return mod;
}
