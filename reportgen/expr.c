/*
 * expr.c - the compiler of the condition language of layout files (grammar
 * in expr.h): recursive descent that type-checks as it goes and writes a
 * postfix program (expr_int.h) that expr_eval.c runs.
 */
#include "expr.h"
#include "expr_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "utf8.h"
#include "xalloc.h"

enum tok_kind {
    T_END, T_NAME, T_NUM, T_STR, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA,
    T_PLUS, T_MINUS, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
    T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE
};

struct tok {
    enum tok_kind kind;
    size_t start, end;
    uint64_t mag;   /* T_NUM: the value, capped at 2^63 + 1 */
};

/* An operand being compiled: its type, where it starts, whether it is a text literal. */
struct opnd {
    enum expr_type type;
    size_t at;
    long lit;   /* index of its OP_TEXT instruction if a lone text literal, else -1 */
};

#define QUOTE_MAX 40
#define SUGGEST_MAX 32
#define TWO63 ((uint64_t)1 << 63)

/* The compiler's state: everything in fixed arrays, copied into one block at the end. */
struct cc {
    const char *src;
    size_t len, pos;
    struct tok tok;
    const struct expr_schema *schema;
    struct expr_insn insn[EXPR_MAX_INSNS], consts[EXPR_MAX_INSNS];
    size_t ninsn, nconst;
    int fields[EXPR_MAX_INSNS];
    size_t nfields;
    char text[EXPR_MAX_LEN];
    size_t ntext;
    int depth, sp, maxsp;
    char q[QUOTE_MAX + 8], hint[160];   /* texts for messages */
    char *err;
    size_t errlen, err_at;
};


const char *expr_type_name(enum expr_type type)
{
    static const char *const names[] = { "a condition", "a number", "a text", "a date" };
    return (unsigned)type < 4 ? names[type] : "a value";
}

static int fail(struct cc *cc, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct cc *cc, size_t at, const char *fmt, ...)
{
    va_list ap;

    cc->err_at = at;
    if (cc->err && cc->errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(cc->err, cc->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/*
 * At most QUOTE_MAX bytes of 's' in cc->q, cut at a character, invalid bytes
 * and control characters as '?', "…" when cut.
 */
static const char *quote(struct cc *cc, const char *s, size_t len)
{
    size_t i = 0, n = 0, used;
    char *out = cc->q;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        utf8_decode(s + i, len - i, &used);
        if (n + used > QUOTE_MAX) {
            memcpy(out + n, "\xe2\x80\xa6", 3);
            n += 3;
            break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8_valid(s + i, used))) {
            out[n++] = '?';
            used = 1;
        } else {
            memcpy(out + n, s + i, used);
            n += used;
        }
        i += used;
    }
    out[n] = '\0';
    return out;
}

/* "the end" or the current token's text in quotes, in cc->q. */
static const char *describe(struct cc *cc)
{
    if (cc->tok.kind == T_END)
        return "the end";
    quote(cc, cc->src + cc->tok.start, cc->tok.end - cc->tok.start);
    memmove(cc->q + 1, cc->q, strlen(cc->q) + 1);
    cc->q[0] = '\'';
    strcat(cc->q, "'");
    return cc->q;
}

#define is_name_start(c) \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || (c) == '_')
#define is_name_char(c) (is_name_start(c) || ((c) >= '0' && (c) <= '9'))

static const struct keyword {
    const char *name;
    enum tok_kind kind;
} keywords[] = {
    { "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN },
    { "true", T_TRUE }, { "false", T_FALSE },
};

static const struct keyword *find_keyword(const char *s, size_t len)
{
    size_t k;
    for (k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strlen(keywords[k].name) == len && memcmp(keywords[k].name, s, len) == 0)
            return &keywords[k];
    return NULL;
}

/* A string from its opening quote at 'i': checked here, unescaped when used. */
static int lex_string(struct cc *cc, size_t i, size_t *end)
{
    const char *s = cc->src;
    char q = s[i];
    size_t start = i++, used;

    while (i < cc->len && s[i] != q) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') {
            if (i + 1 >= cc->len) {
                i = cc->len;
                break;
            }
            if (s[i + 1] != '\'' && s[i + 1] != '"' && s[i + 1] != '\\') {
                utf8_decode(s + i + 1, cc->len - i - 1, &used);
                return fail(cc, i, "unknown escape '\\%s' in a string (only \\' \\\" \\\\)",
                            quote(cc, s + i + 1, used));
            }
            i += 2;
        } else if (c < 0x20 || c == 0x7f) {
            return fail(cc, i, "control character in a string");
        } else if (c >= 0x80) {
            utf8_decode(s + i, cc->len - i, &used);
            if (!utf8_valid(s + i, used))
                return fail(cc, i, "invalid UTF-8 in a string");
            i += used;
        } else {
            i++;
        }
    }
    if (i >= cc->len)
        return fail(cc, start, "unterminated string");
    *end = i + 1;
    return 0;
}

/* Operators, longest first; T_END: an error, with a hint. */
static const struct punct {
    const char *text, *hint;
    enum tok_kind kind;
} puncts[] = {
    { "==", NULL, T_EQ }, { "!=", NULL, T_NE }, { "<=", NULL, T_LE }, { ">=", NULL, T_GE },
    { "&&", NULL, T_AND }, { "||", NULL, T_OR }, { "(", NULL, T_LPAREN },
    { ")", NULL, T_RPAREN }, { "[", NULL, T_LBRACK }, { "]", NULL, T_RBRACK },
    { ",", NULL, T_COMMA }, { "+", NULL, T_PLUS }, { "-", NULL, T_MINUS },
    { "<", NULL, T_LT }, { ">", NULL, T_GT }, { "!", NULL, T_NOT },
    { "=", "compare with '=='", T_END }, { "&", "use '&&' or 'and'", T_END },
    { "|", "use '||' or 'or'", T_END },
};

/* Read the next token into cc->tok. */
static int lex(struct cc *cc)
{
    const char *s = cc->src;
    size_t i = cc->pos, used;
    struct tok *t = &cc->tok;
    unsigned char c;

    while (i < cc->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    t->start = i;
    t->mag = 0;
    if (i >= cc->len) {
        t->kind = T_END;
        t->end = cc->pos = i;
        return 0;
    }
    c = (unsigned char)s[i];
    if (is_name_start(c)) {
        const struct keyword *k;
        while (i < cc->len && is_name_char((unsigned char)s[i]))
            i++;
        k = find_keyword(s + t->start, i - t->start);
        t->kind = k ? k->kind : T_NAME;
    } else if (c >= '0' && c <= '9') {
        while (i < cc->len && s[i] >= '0' && s[i] <= '9') {
            if (t->mag <= TWO63)
                t->mag = t->mag * 10 + (uint64_t)(s[i] - '0');
            i++;
        }
        if (i < cc->len && is_name_char((unsigned char)s[i])) {
            while (i < cc->len && is_name_char((unsigned char)s[i]))
                i++;
            return fail(cc, t->start, "invalid number '%s'", quote(cc, s + t->start,
                                                                   i - t->start));
        }
        t->kind = T_NUM;
    } else if (c == '\'' || c == '"') {
        if (lex_string(cc, i, &i) < 0)
            return -1;
        t->kind = T_STR;
    } else {
        size_t k;
        for (k = 0; k < sizeof puncts / sizeof puncts[0]; k++)
            if (i + strlen(puncts[k].text) <= cc->len &&
                memcmp(s + i, puncts[k].text, strlen(puncts[k].text)) == 0)
                break;
        if (k == sizeof puncts / sizeof puncts[0]) {
            utf8_decode(s + i, cc->len - i, &used);
            return fail(cc, i, "unexpected character '%s' (names are ASCII letters, "
                        "digits and '_'; texts go in quotes)", quote(cc, s + i, used));
        }
        if (puncts[k].kind == T_END)
            return fail(cc, i, "unexpected '%c' (%s)", c, puncts[k].hint);
        t->kind = puncts[k].kind;
        i += strlen(puncts[k].text);
    }
    t->end = cc->pos = i;
    return 0;
}

static int too_complex(struct cc *cc, size_t at)
{
    return fail(cc, at, "condition too complex (more than %d steps)", EXPR_MAX_INSNS);
}

static int emit(struct cc *cc, size_t at, enum op op, enum expr_type type, int64_t num,
                size_t off, size_t len)
{
    struct expr_insn *in;

    if (cc->ninsn + cc->nconst >= EXPR_MAX_INSNS)
        return too_complex(cc, at);
    in = &cc->insn[cc->ninsn++];
    *in = (struct expr_insn){ num, (uint16_t)off, (uint16_t)len, (uint8_t)op,
                              (uint8_t)type };
    if (op == OP_FIELD || op == OP_NUM || op == OP_TEXT)
        cc->sp++;
    else if (op != OP_NOT && op != OP_IN && op != OP_NOT_IN)
        cc->sp--;
    if (cc->sp > cc->maxsp)
        cc->maxsp = cc->sp;
    if (cc->maxsp > EXPR_MAX_STACK)
        return fail(cc, at, "condition too complex (more than %d operands pending)",
                    EXPR_MAX_STACK);
    return 0;
}

/* Unescape the string token 't' into the text pool; '*off' and '*len' locate it there. */
static void pool_string(struct cc *cc, const struct tok *t, size_t *off, size_t *len)
{
    size_t i;

    *off = cc->ntext;
    for (i = t->start + 1; i + 1 < t->end; i++) {
        if (cc->src[i] == '\\')
            i++;
        cc->text[cc->ntext++] = cc->src[i];
    }
    *len = cc->ntext - *off;
}

/* Turn the text constant 'in' (a literal at 'at') into a date. */
static int as_date(struct cc *cc, struct expr_insn *in, size_t at)
{
    static const struct date epoch = { 1970, 1, 1 };
    struct date d;

    if (date_parse(cc->text + in->off, in->len, &d) != DATE_OK)
        return fail(cc, at, "invalid date '%s' (expected a date as YYYY-MM-DD)",
                    quote(cc, cc->text + in->off, in->len));
    in->op = OP_NUM;
    in->type = EXPR_DATE;
    in->num = (int64_t)(date_to_days(d) - date_to_days(epoch));
    return 0;
}

/* Read a number token (after an optional '-') as an int64. */
static int number(struct cc *cc, int negative, size_t at, int64_t *v)
{
    uint64_t m = cc->tok.mag;

    if (m > (negative ? TWO63 : TWO63 - 1))
        return fail(cc, at, "number too large (beyond 64 bits)");
    *v = !negative ? (int64_t)m : m == TWO63 ? INT64_MIN : -(int64_t)m;
    return 0;
}

/* A lone text literal on one side of a date is a date. */
static int dates(struct cc *cc, struct opnd *l, struct opnd *r)
{
    if (l->type == EXPR_DATE && r->lit >= 0 && as_date(cc, &cc->insn[r->lit], r->at) < 0)
        return -1;
    if (r->type == EXPR_DATE && l->lit >= 0 && as_date(cc, &cc->insn[l->lit], l->at) < 0)
        return -1;
    if (l->lit >= 0)
        l->type = (enum expr_type)cc->insn[l->lit].type;
    if (r->lit >= 0)
        r->type = (enum expr_type)cc->insn[r->lit].type;
    return 0;
}

static int need_cond(struct cc *cc, const struct opnd *o)
{
    if (o->type == EXPR_BOOL)
        return 0;
    return fail(cc, o->at, "expected a condition (true or false), not %s",
                expr_type_name(o->type));
}

static int parse_logic(struct cc *cc, struct opnd *o, int or_level);

/* 1 (and 'cand' in 'out') if the schema knows the name 'cand' ('n' bytes). */
static int known(struct cc *cc, const char *cand, size_t n, char *out)
{
    enum expr_type type;

    if (n == 0 || !is_name_start((unsigned char)cand[0]) || find_keyword(cand, n) ||
        cc->schema->lookup(cc->schema->ctx, cand, n, &type) < 0)
        return 0;
    memcpy(out, cand, n);
    out[n] = '\0';
    return 1;
}

/* A name the schema knows one edit (or case) away from 'name' into 'out'. */
static int suggest(struct cc *cc, const char *name, size_t len, char *out)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz_0123456789";
    char c[SUGGEST_MAX + 2];
    size_t i, a;

    for (i = 0; i < len; i++)
        c[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
    if (memcmp(c, name, len) != 0 && known(cc, c, len, out))
        return 1;
    for (i = 0; i <= len; i++) {
        memcpy(c, name, len);
        if (i + 1 < len) {                                  /* two letters swapped */
            c[i] = name[i + 1];
            c[i + 1] = name[i];
            if (known(cc, c, len, out))
                return 1;
        }
        memcpy(c, name, i);                                 /* a letter too many */
        memcpy(c + i, name + i + 1, i < len ? len - i - 1 : 0);
        if (i < len && known(cc, c, len - 1, out))
            return 1;
        for (a = 0; alphabet[a]; a++) {
            memcpy(c + i + 1, name + i, len - i);           /* a letter missing */
            c[i] = alphabet[a];
            if (known(cc, c, len + 1, out))
                return 1;
            memcpy(c, name, len);                           /* a wrong letter */
            c[i] = alphabet[a];
            if (i < len && name[i] != alphabet[a] && known(cc, c, len, out))
                return 1;
        }
    }
    return 0;
}

/* " (keywords are lowercase: 'and')" in cc->hint when the current token is a
   keyword in capitals, else "". */
static const char *keyword_hint(struct cc *cc)
{
    const struct keyword *k;
    const char *name = cc->src + cc->tok.start;
    char cand[SUGGEST_MAX + 2];
    size_t len = cc->tok.end - cc->tok.start, i;

    cc->hint[0] = '\0';
    for (i = 0; i < len && len <= SUGGEST_MAX; i++)
        cand[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
    if (cc->tok.kind == T_NAME && len <= SUGGEST_MAX && (k = find_keyword(cand, len)))
        snprintf(cc->hint, sizeof cc->hint, " (keywords are lowercase: '%s')", k->name);
    return cc->hint;
}

static int unknown_name(struct cc *cc)
{
    const char *name = cc->src + cc->tok.start, *what = cc->schema->what;
    size_t len = cc->tok.end - cc->tok.start;
    char cand[SUGGEST_MAX + 2];

    if (!*keyword_hint(cc) && len <= SUGGEST_MAX && suggest(cc, name, len, cand))
        snprintf(cc->hint, sizeof cc->hint, " (%s%sdid you mean '%s'?)", what ? what : "",
                 what ? ": " : "", cand);
    else if (!*cc->hint && what)
        snprintf(cc->hint, sizeof cc->hint, " (%s)", what);
    return fail(cc, cc->tok.start, "unknown name '%s'%s", quote(cc, name, len), cc->hint);
}

static int parse_name(struct cc *cc, struct opnd *o)
{
    const struct tok *t = &cc->tok;
    enum expr_type type = EXPR_BOOL;
    int id = cc->schema->lookup(cc->schema->ctx, cc->src + t->start, t->end - t->start,
                                &type);
    size_t f;

    if (id < 0 || (type != EXPR_BOOL && type != EXPR_NUMBER && type != EXPR_TEXT &&
                   type != EXPR_DATE))
        return unknown_name(cc);
    for (f = 0; f < cc->nfields && cc->fields[f] != id; f++)
        ;
    if (f == cc->nfields)
        cc->fields[cc->nfields++] = id;   /* fewer fields than instructions */
    o->type = type;
    return emit(cc, t->start, OP_FIELD, type, id, 0, 0);
}

/* A literal of an 'in' list, or of a value: stored in '*in' (not emitted). */
static int parse_literal(struct cc *cc, struct expr_insn *in, int *is_literal)
{
    size_t at = cc->tok.start, off, len;
    int negative = 0;

    *is_literal = 1;
    memset(in, 0, sizeof *in);
    switch (cc->tok.kind) {
    case T_MINUS:
        negative = 1;
        if (lex(cc) < 0)
            return -1;
        if (cc->tok.kind != T_NUM)
            return fail(cc, cc->tok.start, "expected a number after '-'");
        /* fall through */
    case T_NUM:
        in->op = OP_NUM;
        in->type = EXPR_NUMBER;
        if (number(cc, negative, at, &in->num) < 0)
            return -1;
        break;
    case T_STR:
        pool_string(cc, &cc->tok, &off, &len);
        in->op = OP_TEXT;
        in->type = EXPR_TEXT;
        in->off = (uint16_t)off;
        in->len = (uint16_t)len;
        break;
    case T_TRUE:
    case T_FALSE:
        in->op = OP_NUM;
        in->type = EXPR_BOOL;
        in->num = cc->tok.kind == T_TRUE;
        break;
    default:
        *is_literal = 0;
        return 0;
    }
    return lex(cc);
}

static int parse_value(struct cc *cc, struct opnd *o)
{
    struct expr_insn lit;
    int is_literal;

    size_t at = cc->tok.start;

    o->at = at;
    o->lit = -1;
    if (cc->tok.kind == T_LPAREN) {
        if (++cc->depth > EXPR_MAX_DEPTH)
            return fail(cc, at, "condition nested too deeply (at most %d levels)",
                        EXPR_MAX_DEPTH);
        if (lex(cc) < 0 || parse_logic(cc, o, 1) < 0)
            return -1;
        o->at = at;
        o->lit = -1;
        if (cc->tok.kind != T_RPAREN)
            return fail(cc, cc->tok.start, "expected ')', found %s",
                        describe(cc));
        cc->depth--;
        return lex(cc);
    }
    if (cc->tok.kind == T_NAME)
        return parse_name(cc, o) < 0 ? -1 : lex(cc);
    if (parse_literal(cc, &lit, &is_literal) < 0)
        return -1;
    if (!is_literal)
        return fail(cc, cc->tok.start, "expected a value, found %s",
                    describe(cc));
    o->type = (enum expr_type)lit.type;
    if (lit.op == OP_TEXT)
        o->lit = (long)cc->ninsn;
    return emit(cc, o->at, (enum op)lit.op, o->type, lit.num, lit.off, lit.len);
}

static int parse_sum(struct cc *cc, struct opnd *o)
{
    struct opnd r;
    enum expr_type lt, rt;

    if (parse_value(cc, o) < 0)
        return -1;
    while (cc->tok.kind == T_PLUS || cc->tok.kind == T_MINUS) {
        int plus = cc->tok.kind == T_PLUS;
        size_t at = cc->tok.start;
        if (lex(cc) < 0 || parse_value(cc, &r) < 0 || (!plus && dates(cc, o, &r) < 0))
            return -1;
        lt = o->type;
        rt = r.type;
        if (lt == EXPR_NUMBER && rt == EXPR_NUMBER)
            o->type = EXPR_NUMBER;
        else if (lt == EXPR_DATE && rt == EXPR_NUMBER)
            o->type = EXPR_DATE;
        else if (plus && lt == EXPR_NUMBER && rt == EXPR_DATE)
            o->type = EXPR_DATE;
        else if (!plus && lt == EXPR_DATE && rt == EXPR_DATE)
            o->type = EXPR_NUMBER;
        else if (plus)
            return fail(cc, at, "cannot add %s to %s", expr_type_name(rt),
                        expr_type_name(lt));
        else
            return fail(cc, at, "cannot subtract %s from %s", expr_type_name(rt),
                        expr_type_name(lt));
        o->lit = -1;
        if (emit(cc, at, plus ? OP_ADD : OP_SUB, o->type, 0, 0, 0) < 0)
            return -1;
    }
    return 0;
}

#define is_cmp(k) ((k) >= T_EQ && (k) <= T_GE)

/* 'x [not] in [lit, ...]': the current token is 'in' or 'not'. */
static int parse_in(struct cc *cc, struct opnd *o)
{
    int negate = cc->tok.kind == T_NOT, is_literal;
    size_t at = cc->tok.start, first = cc->nconst;

    if (lex(cc) < 0)
        return -1;
    if (negate && cc->tok.kind != T_IN)
        return fail(cc, cc->tok.start, "expected 'in' after 'not', found %s",
                    describe(cc));
    if (negate && lex(cc) < 0)
        return -1;
    if (cc->tok.kind != T_LBRACK)
        return fail(cc, cc->tok.start, "expected '[' after 'in', found %s",
                    describe(cc));
    if (lex(cc) < 0)
        return -1;
    for (;;) {
        struct expr_insn *in;
        size_t lat = cc->tok.start;
        if (cc->ninsn + cc->nconst + 1 >= EXPR_MAX_INSNS)   /* room for the 'in' */
            return too_complex(cc, lat);
        in = &cc->consts[cc->nconst];
        if (parse_literal(cc, in, &is_literal) < 0)
            return -1;
        if (!is_literal)
            return fail(cc, lat, "expected a literal (a number, a string, true or false), "
                        "found %s", describe(cc));
        if (o->type == EXPR_DATE && in->op == OP_TEXT && as_date(cc, in, lat) < 0)
            return -1;
        if (in->type != o->type)
            return fail(cc, lat, "cannot compare %s with %s", expr_type_name(o->type),
                        expr_type_name((enum expr_type)in->type));
        cc->nconst++;
        if (cc->tok.kind == T_RBRACK)
            break;
        if (cc->tok.kind != T_COMMA)
            return fail(cc, cc->tok.start, "expected ']'");
        if (lex(cc) < 0)
            return -1;
    }
    if (emit(cc, at, negate ? OP_NOT_IN : OP_IN, o->type, 0, first, cc->nconst - first) < 0)
        return -1;
    return lex(cc);
}

static int parse_compare(struct cc *cc, struct opnd *o)
{
    static const enum op ops[] = {
        [T_EQ] = OP_EQ, [T_NE] = OP_NE, [T_LT] = OP_LT,
        [T_LE] = OP_LE, [T_GT] = OP_GT, [T_GE] = OP_GE,
    };
    struct opnd r;
    enum tok_kind k;
    size_t at;

    if (parse_sum(cc, o) < 0)
        return -1;
    k = cc->tok.kind;
    at = cc->tok.start;
    if (k == T_IN || k == T_NOT) {
        if (parse_in(cc, o) < 0)
            return -1;
    } else if (is_cmp(k)) {
        if (lex(cc) < 0 || parse_sum(cc, &r) < 0 || dates(cc, o, &r) < 0)
            return -1;
        if (o->type != r.type)
            return fail(cc, at, "cannot compare %s with %s", expr_type_name(o->type),
                        expr_type_name(r.type));
        if (o->type == EXPR_BOOL && k != T_EQ && k != T_NE)
            return fail(cc, at, "cannot order conditions (only == and != apply)");
        if (emit(cc, at, ops[k], o->type, 0, 0, 0) < 0)
            return -1;
    } else {
        return 0;
    }
    o->type = EXPR_BOOL;
    o->lit = -1;
    k = cc->tok.kind;
    if (is_cmp(k) || k == T_IN)
        return fail(cc, cc->tok.start, "comparisons do not chain (join them with 'and')");
    return 0;
}

static int parse_not(struct cc *cc, struct opnd *o)
{
    size_t at = cc->tok.start;

    if (cc->tok.kind != T_NOT)
        return parse_compare(cc, o);
    if (++cc->depth > EXPR_MAX_DEPTH)
        return fail(cc, at, "condition nested too deeply (at most %d levels)",
                    EXPR_MAX_DEPTH);
    if (lex(cc) < 0 || parse_not(cc, o) < 0 || need_cond(cc, o) < 0)
        return -1;
    cc->depth--;
    o->at = at;
    return emit(cc, at, OP_NOT, EXPR_BOOL, 0, 0, 0);
}

/* cond (or_level 1) and its 'and' terms (or_level 0). */
static int parse_logic(struct cc *cc, struct opnd *o, int or_level)
{
    enum tok_kind k = or_level ? T_OR : T_AND;
    struct opnd r;

    if ((or_level ? parse_logic(cc, o, 0) : parse_not(cc, o)) < 0)
        return -1;
    while (cc->tok.kind == k) {
        size_t at = cc->tok.start;
        if (need_cond(cc, o) < 0 || lex(cc) < 0 ||
            (or_level ? parse_logic(cc, &r, 0) : parse_not(cc, &r)) < 0 ||
            need_cond(cc, &r) < 0 || emit(cc, at, or_level ? OP_OR : OP_AND, EXPR_BOOL, 0,
                                          0, 0) < 0)
            return -1;
        o->lit = -1;
    }
    return 0;
}

/* Copy the compiled program into one block owned by the caller. */
static struct expr *finish(const struct cc *cc)
{
    size_t size = sizeof(struct expr) + cc->nfields * sizeof(int) + cc->ntext +
                  (cc->ninsn + cc->nconst) * sizeof(struct expr_insn);
    struct expr *e = xmalloc(size);
    struct expr_insn *insn = (struct expr_insn *)(e + 1);
    int *fields = (int *)(insn + cc->ninsn + cc->nconst);
    char *text = (char *)(fields + cc->nfields);

    memcpy(insn, cc->insn, cc->ninsn * sizeof *insn);
    memcpy(insn + cc->ninsn, cc->consts, cc->nconst * sizeof *insn);
    memcpy(fields, cc->fields, cc->nfields * sizeof *fields);
    if (cc->ntext)
        memcpy(text, cc->text, cc->ntext);
    e->ninsn = cc->ninsn;
    e->nconst = cc->nconst;
    e->nfields = cc->nfields;
    e->insn = insn;
    e->consts = insn + cc->ninsn;
    e->fields = fields;
    e->text = text;
    return e;
}

int expr_compile(struct expr **out, const char *src, size_t len,
                 const struct expr_schema *schema, char *err, size_t errlen,
                 size_t *err_at)
{
    struct cc *cc = xcalloc(1, sizeof *cc);
    struct opnd o;
    int rc = -1;

    *out = NULL;
    cc->src = src;
    cc->len = len;
    cc->schema = schema;
    cc->err = err;
    cc->errlen = errlen;
    if (err && errlen)
        err[0] = '\0';
    if (len > EXPR_MAX_LEN)
        fail(cc, EXPR_MAX_LEN, "condition too long (%zu bytes, at most %d)", len,
             EXPR_MAX_LEN);
    else if (lex(cc) < 0)
        ;
    else if (cc->tok.kind == T_END)
        fail(cc, cc->tok.start, "empty condition");
    else if (parse_logic(cc, &o, 1) < 0)
        ;
    else if (cc->tok.kind != T_END)
        fail(cc, cc->tok.start, "unexpected %s after the condition%s",
             describe(cc), keyword_hint(cc));
    else if (need_cond(cc, &o) == 0) {
        *out = finish(cc);
        rc = 0;
    }
    if (rc < 0 && err_at)
        *err_at = cc->err_at;
    free(cc);
    return rc;
}

