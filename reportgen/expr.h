/*
 * expr.h - conditions in layout files: `when` (show a block?) over document
 * figures and `where` (which rows?) over a row's fields.  Compiled and
 * type-checked once, when the layout loads; evaluated per row without
 * allocating.  Used by the layout loader and engine; depends on date.c only.
 *
 * Grammar (lowest precedence first; keywords are lowercase):
 *
 *   cond     := and { ('or' | '||') and }
 *   and      := not { ('and' | '&&') not }
 *   not      := ('not' | '!') not | compare
 *   compare  := sum [ cmp sum | ['not'] 'in' '[' literal { ',' literal } ']' ]
 *   cmp      := '==' | '!=' | '<' | '<=' | '>' | '>='
 *   sum      := value { ('+' | '-') value }
 *   value    := '(' cond ')' | literal | name
 *   literal  := ['-'] digits | 'text' | "text" | 'true' | 'false'
 *   name     := [A-Za-z_][A-Za-z0-9_]*      (a field, found through the schema)
 *
 * So `a or b and c` is `a or (b and c)`, `not a == b` is `not (a == b)`, and
 * comparisons do not chain (`a < b < c` is an error).  Texts are UTF-8 in
 * single or double quotes, with the escapes \' \" \\ only.  Numbers are
 * int64 integers.
 *
 * Types: both sides of a comparison have the same type (conditions only ==
 * and !=); texts compare bytewise.  A text literal compared with a date (or
 * in a list tested against one, or subtracted from one) is read as
 * YYYY-MM-DD when compiling.  number ± number is a number, date ± number a
 * date, date - date a number of days.  Operands of and/or/not and the whole
 * expression are conditions; a boolean field alone (`overdue`) is one.
 *
 * Missing values (a pledge without amount): arithmetic with one gives a
 * missing value, as does an overflowing sum; every comparison with one is
 * false, `in` and `not in` included; a missing boolean field is false as a
 * condition.  So `amount > 0` and `amount <= 0` are both false for a pledge
 * without amount, and `not (amount > 0)` is true.
 *
 * Limits: EXPR_MAX_LEN bytes of source, EXPR_MAX_DEPTH nested parentheses
 * or nots, EXPR_MAX_INSNS instructions (list items included); beyond, a
 * compile error.
 */
#ifndef RG_EXPR_H
#define RG_EXPR_H

#include <stddef.h>
#include <stdint.h>

#define EXPR_MAX_LEN 4096
#define EXPR_MAX_DEPTH 32
#define EXPR_MAX_INSNS 256
#define EXPR_MAX_STACK 64   /* values on the evaluation stack */

enum expr_type { EXPR_BOOL, EXPR_NUMBER, EXPR_TEXT, EXPR_DATE };

/*
 * A value handed in by the caller for a field: numbers are int64 (counts,
 * amounts in KRW, shares in tenths of a percent...), dates are days since
 * 1970-01-01 (int64 in 'num'), texts are UTF-8 (not NUL-terminated: 'len'),
 * booleans 0/1 in 'num'.  'missing' = the row has no value (a pledge without
 * amount or due date): every comparison with a missing value is false,
 * 'not' of such a comparison is true.  'type' must be the field's type.
 */
struct expr_value {
    enum expr_type type;
    int missing;
    int64_t num;
    const char *text;
    size_t len;
};

/* Names the expression may use: return a field id >= 0 and its type, or -1 if unknown. */
struct expr_schema {
    int (*lookup)(void *ctx, const char *name, size_t len, enum expr_type *type);
    void *ctx;
    const char *what;   /* for messages: "a field of 'pledges'" / "a figure" */
};

struct expr;   /* compiled: opaque, owned by the caller, freed with expr_free */

/*
 * Compile 'src' ('len' bytes).  Returns 0 and '*out' (caller frees with
 * expr_free), or -1 with a message in 'err' (lowercase, no full stop; cut to
 * 'errlen' bytes, which may be 0) and the 0-based byte offset of the problem
 * in '*err_at' (either may be NULL).  The schema's lookup is called during
 * compilation only; texts in the message are valid UTF-8.
 */
int expr_compile(struct expr **out, const char *src, size_t len,
                 const struct expr_schema *schema, char *err, size_t errlen,
                 size_t *err_at);

/*
 * Evaluate: 'get' fills the value of field 'field' for the current row (or
 * the document) and returns 0 (or -1 on failure, then eval returns 0; so
 * does a value of another type than the schema gave).  Returns 1 if the
 * condition holds, 0 if not.  Allocates nothing and does not recurse: the
 * stack is a local array of EXPR_MAX_STACK values.  'get' is called once
 * for each use of a field, in source order.
 */
int expr_eval(const struct expr *e, int (*get)(void *ctx, int field, struct expr_value *v),
              void *ctx);

/* Free 'e' (NULL is fine). */
void expr_free(struct expr *e);

/*
 * The fields the expression reads, each once, in order of first use: returns
 * the count and sets '*ids' (borrowed from 'e').
 */
size_t expr_fields(const struct expr *e, const int **ids);

/* "a condition", "a number", "a text", "a date": for callers' messages. */
const char *expr_type_name(enum expr_type type);

#endif /* RG_EXPR_H */
