/*
 * expr_eval.c - running a compiled condition (expr_int.h) on a fixed local
 * stack, without allocating; freeing it; the fields it reads.
 */
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "expr_int.h"

struct slot {
    int64_t num;
    const char *text;
    size_t len;
    int missing;
};

static void set(struct slot *s, int64_t num, const char *text, size_t len, int missing)
{
    s->num = num;
    s->text = text;
    s->len = len;
    s->missing = missing;
}

static int truth(const struct slot *s)
{
    return !s->missing && s->num != 0;
}

/* <0, 0, >0 as strcmp, for two values of 'type'. */
static int compare(const struct slot *a, const struct slot *b, int type)
{
    if (type == EXPR_TEXT) {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = n ? memcmp(a->text, b->text, n) : 0;
        return c ? c : (a->len > b->len) - (a->len < b->len);
    }
    return (a->num > b->num) - (a->num < b->num);
}

static int in_list(const struct expr *e, const struct expr_insn *in, const struct slot *s)
{
    struct slot k;
    size_t i;

    for (i = in->off; i < (size_t)in->off + in->len; i++) {
        set(&k, e->consts[i].num, e->text + e->consts[i].off, e->consts[i].len, 0);
        if (compare(s, &k, in->type) == 0)
            return 1;
    }
    return 0;
}

/* a + b or a - b into 'a', missing when either is, or when it overflows. */
static void arith(struct slot *a, const struct slot *b, int plus)
{
    int64_t x = a->num, y = b->num;

    if (a->missing || b->missing ||
        (plus ? (y > 0 && x > INT64_MAX - y) || (y < 0 && x < INT64_MIN - y)
              : (y < 0 && x > INT64_MAX + y) || (y > 0 && x < INT64_MIN + y)))
        set(a, 0, NULL, 0, 1);
    else
        set(a, plus ? x + y : x - y, NULL, 0, 0);
}

int expr_eval(const struct expr *e, int (*get)(void *ctx, int field, struct expr_value *v),
              void *ctx)
{
    /* for each comparison, whether it holds when a < b (bit 2), a == b (1), a > b (0) */
    static const unsigned char holds[] = {
        [OP_EQ] = 2, [OP_NE] = 5, [OP_LT] = 4, [OP_LE] = 6, [OP_GT] = 1, [OP_GE] = 3,
    };
    struct slot st[EXPR_MAX_STACK], *a, *b;
    struct expr_value v;
    size_t i, sp = 0;
    int d;

    for (i = 0; i < e->ninsn; i++) {
        const struct expr_insn *in = &e->insn[i];
        a = &st[sp > 1 ? sp - 2 : 0];
        b = &st[sp > 0 ? sp - 1 : 0];
        switch ((enum op)in->op) {
        case OP_FIELD:
            memset(&v, 0, sizeof v);
            v.type = (enum expr_type)in->type;
            if (get(ctx, (int)in->num, &v) != 0 || v.type != (enum expr_type)in->type ||
                (in->type == EXPR_TEXT && !v.missing && !v.text && v.len > 0))
                return 0;
            set(&st[sp++], in->type == EXPR_BOOL ? v.num != 0 : v.num, v.text,
                in->type == EXPR_TEXT ? v.len : 0, v.missing != 0);
            break;
        case OP_NUM:
        case OP_TEXT:
            set(&st[sp++], in->num, e->text + in->off, in->len, 0);
            break;
        case OP_ADD:
        case OP_SUB:
            arith(a, b, in->op == OP_ADD);
            sp--;
            break;
        case OP_IN:
        case OP_NOT_IN:
            set(b, !b->missing && in_list(e, in, b) == (in->op == OP_IN), NULL, 0, 0);
            break;
        case OP_NOT:
            set(b, !truth(b), NULL, 0, 0);
            break;
        case OP_AND:
        case OP_OR:
            d = in->op == OP_AND ? truth(a) && truth(b) : truth(a) || truth(b);
            set(a, d, NULL, 0, 0);
            sp--;
            break;
        default:
            d = compare(a, b, in->type);
            d = !a->missing && !b->missing && (holds[in->op] >> (d < 0 ? 2 : d == 0)) & 1;
            set(a, d, NULL, 0, 0);
            sp--;
            break;
        }
    }
    return sp == 1 && truth(&st[0]);
}

void expr_free(struct expr *e)
{
    free(e);
}

size_t expr_fields(const struct expr *e, const int **ids)
{
    *ids = e->fields;
    return e->nfields;
}
