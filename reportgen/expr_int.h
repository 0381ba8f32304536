/*
 * expr_int.h - the compiled form of a condition, shared by the compiler
 * (expr.c) and the evaluator (expr_eval.c): not for other modules.
 */
#ifndef RG_EXPR_INT_H
#define RG_EXPR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "expr.h"

enum op {
    OP_FIELD,   /* push field 'num' (type 'type') */
    OP_NUM,     /* push 'num' (a number, a date or a condition) */
    OP_TEXT,    /* push text 'off'/'len' of the text pool */
    OP_ADD, OP_SUB,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_IN, OP_NOT_IN,   /* constants 'off' .. 'off' + 'len' - 1 */
    OP_AND, OP_OR, OP_NOT
};

/* One instruction of the program, or one constant of an 'in' list. */
struct expr_insn {
    int64_t num;
    uint16_t off, len;
    uint8_t op;
    uint8_t type;    /* enum expr_type: of the value pushed, or of the compared values */
};

struct expr {
    size_t ninsn, nconst, nfields;
    const struct expr_insn *insn, *consts;
    const int *fields;
    const char *text;
};


#endif /* RG_EXPR_INT_H */
