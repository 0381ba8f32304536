/*
 * fuzz_expr.c - libFuzzer target for layout conditions: any bytes through
 * expr_compile with a fixed schema; a failure must come with a short UTF-8
 * message and an offset inside the input, a success must evaluate to 0 or 1
 * over fixed rows (values missing, extreme, failing to read), and its
 * negation `not (...)`, when it compiles, to the opposite.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "expr.h"
#include "fuzz_common.h"
#include "utf8.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { F_AMOUNT, F_STATUS, F_OVERDUE, F_DUE, F_AS_OF, F_CATEGORY, F_PLEDGES, F_COUNT };

static const struct {
    const char *name;
    enum expr_type type;
} fields[F_COUNT] = {
    { "amount", EXPR_NUMBER }, { "status", EXPR_TEXT }, { "overdue", EXPR_BOOL },
    { "due", EXPR_DATE }, { "as_of", EXPR_DATE }, { "category", EXPR_TEXT },
    { "pledges", EXPR_NUMBER },
};

struct row {
    int64_t num[F_COUNT];
    const char *text[F_COUNT];
    unsigned missing;   /* bit (1 << field) */
    int fail_field;     /* -1, or the field whose get fails */
};

static const struct row rows[] = {
    { { 1200000000000, 0, 0, 20088, 20067, 0, 4 }, { NULL, "planned", NULL, NULL, NULL,
      "판로지원", NULL }, 0, -1 },
    { { INT64_MAX, 0, 1, INT64_MIN, 0, 0, -1 }, { NULL, "", NULL, NULL, NULL, "수수료",
      NULL }, 1u << F_DUE | 1u << F_STATUS, -1 },
    { { 0, 0, 0, 0, 0, 0, 0 }, { NULL, "done", NULL, NULL, NULL, "", NULL },
      1u << F_AMOUNT | 1u << F_OVERDUE | 1u << F_CATEGORY, -1 },
    { { INT64_MIN, 0, 1, 5, 5, 0, 2 }, { NULL, "in_preparation", NULL, NULL, NULL, "기타",
      NULL }, 0, F_AS_OF },
};

static int lookup(void *ctx, const char *name, size_t len, enum expr_type *type)
{
    int f;
    (void)ctx;
    for (f = 0; f < F_COUNT; f++)
        if (strlen(fields[f].name) == len && memcmp(fields[f].name, name, len) == 0) {
            *type = fields[f].type;
            return f;
        }
    return -1;
}

static int get(void *ctx, int field, struct expr_value *v)
{
    const struct row *r = ctx;

    FUZZ_CHECK(field >= 0 && field < F_COUNT, "get of field %d", field);
    if (field == r->fail_field)
        return -1;
    v->type = fields[field].type;
    v->missing = (r->missing >> field) & 1;
    v->num = r->num[field];
    if (r->text[field]) {
        v->text = r->text[field];
        v->len = strlen(r->text[field]);
    }
    return 0;
}

/* Whether 'e' holds on each row, as bits. */
static unsigned results(const struct expr *e)
{
    unsigned bits = 0;
    size_t i;

    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int v = expr_eval(e, get, (void *)&rows[i]);
        FUZZ_CHECK(v == 0 || v == 1, "eval returned %d", v);
        bits |= (unsigned)v << i;
    }
    return bits;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct expr_schema schema = { lookup, NULL, "a field of 'pledges'" };
    const char *src = (const char *)data;
    struct expr *e = NULL, *ne = NULL;
    char err[256];
    size_t at = (size_t)-1, n, i, j;
    const int *ids;
    unsigned bits, nbits, failing = 0;
    char *wrapped;

    memset(err, 'x', sizeof err);
    if (expr_compile(&e, src, size, &schema, err, sizeof err, &at) < 0) {
        FUZZ_CHECK(e == NULL, "failed but returned a program");
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL, "message not terminated");
        FUZZ_CHECK(err[0] != '\0' && utf8_valid(err, strlen(err)),
                   "empty or not UTF-8 message");
        FUZZ_CHECK(at <= size, "offset %zu past the input (%zu bytes)", at, size);
        return 0;
    }
    FUZZ_CHECK(e != NULL && size <= EXPR_MAX_LEN, "compiled %zu bytes", size);
    n = expr_fields(e, &ids);
    FUZZ_CHECK(n <= F_COUNT, "%zu fields", n);
    for (i = 0; i < n; i++) {
        FUZZ_CHECK(ids[i] >= 0 && ids[i] < F_COUNT, "field id %d", ids[i]);
        for (j = 0; j < i; j++)
            FUZZ_CHECK(ids[i] != ids[j], "field %d listed twice", ids[i]);
        for (j = 0; j < sizeof rows / sizeof rows[0]; j++)
            if (rows[j].fail_field == ids[i])
                failing |= 1u << j;
    }
    bits = results(e);
    FUZZ_CHECK(bits == results(e), "evaluation is not repeatable");
    FUZZ_CHECK((bits & failing) == 0, "true on a row whose value could not be read");
    /* not (...) holds exactly where the condition does not (a failing read: neither) */
    wrapped = xmalloc(size + 6);
    memcpy(wrapped, "not (", 5);
    memcpy(wrapped + 5, src, size);
    wrapped[size + 5] = ')';
    if (expr_compile(&ne, wrapped, size + 6, &schema, NULL, 0, NULL) == 0) {
        nbits = results(ne);
        FUZZ_CHECK(nbits == (~bits & ~failing & 0xfu), "not: %x, condition: %x", nbits,
                   bits);
        expr_free(ne);
    }
    free(wrapped);
    expr_free(e);
    return 0;
}
