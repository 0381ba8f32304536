/*
 * test_expr.c - unit tests for expr.c: every operator and its precedence,
 * membership lists, missing values, date arithmetic and literals, Korean
 * texts, each compile error with its offset, and evaluation without allocation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

#include <cmocka.h>

#include "date.h"
#include "expr.h"
#include "utf8.h"
#include "xalloc.h"

enum { F_AMOUNT, F_STATUS, F_OVERDUE, F_DUE, F_AS_OF, F_CATEGORY, F_PLEDGES, F_COUNT };

static const struct field {
    const char *name;
    enum expr_type type;
} fields[F_COUNT] = {
    { "amount", EXPR_NUMBER }, { "status", EXPR_TEXT }, { "overdue", EXPR_BOOL },
    { "due", EXPR_DATE }, { "as_of", EXPR_DATE }, { "category", EXPR_TEXT },
    { "pledges", EXPR_NUMBER },
};

/* One pledge row, as 'get' hands it out. */
struct row {
    int64_t amount, due, as_of, pledges;
    const char *status, *category;
    int overdue;
    unsigned missing;   /* bit (1 << field) */
    int fail_field;     /* -1, or the field whose get fails */
    int wrong_type;     /* get reports a number for every field */
    int reads;          /* number of get calls */
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

static const struct expr_schema schema = { lookup, NULL, "a field of 'pledges'" };

static int get(void *ctx, int field, struct expr_value *v)
{
    struct row *r = ctx;

    r->reads++;
    if (field == r->fail_field)
        return -1;
    v->type = r->wrong_type ? EXPR_NUMBER : fields[field].type;
    v->missing = (r->missing >> field) & 1;
    switch (field) {
    case F_AMOUNT: v->num = r->amount; break;
    case F_STATUS: v->text = r->status; v->len = strlen(r->status); break;
    case F_OVERDUE: v->num = r->overdue; break;
    case F_DUE: v->num = r->due; break;
    case F_AS_OF: v->num = r->as_of; break;
    case F_CATEGORY: v->text = r->category; v->len = strlen(r->category); break;
    case F_PLEDGES: v->num = r->pledges; break;
    default: return -1;
    }
    return 0;
}

/* Days since 1970-01-01 of "YYYY-MM-DD". */
static int64_t days(const char *s)
{
    static const struct date epoch = { 1970, 1, 1 };
    struct date d;
    assert_int_equal(date_parse(s, strlen(s), &d), DATE_OK);
    return (int64_t)(date_to_days(d) - date_to_days(epoch));
}

static struct row sample(void)
{
    struct row r;
    memset(&r, 0, sizeof r);
    r.amount = 1200000000000;     /* 1조 2,000억 원 */
    r.status = "planned";
    r.category = "판로지원";
    r.overdue = 0;
    r.due = days("2024-12-31");
    r.as_of = days("2024-12-10");
    r.pledges = 4;
    r.fail_field = -1;
    return r;
}

static struct expr *compile(const char *src)
{
    struct expr *e = (struct expr *)1;
    char err[256] = "";
    size_t at = 99999;
    int rc = expr_compile(&e, src, strlen(src), &schema, err, sizeof err, &at);

    if (rc != 0)
        print_error("'%s': %s at %zu\n", src, err, at);
    assert_int_equal(rc, 0);
    assert_non_null(e);
    return e;
}

/* Compile 'src' and evaluate it over 'r'. */
static int eval_on(const char *src, struct row *r)
{
    struct expr *e = compile(src);
    int v = expr_eval(e, get, r);
    expr_free(e);
    return v;
}

static int holds(const char *src)
{
    struct row r = sample();
    return eval_on(src, &r);
}

#define TRUE_(src) assert_int_equal(holds(src), 1)
#define FALSE_(src) assert_int_equal(holds(src), 0)

/* Compiling 'src' ('len' bytes) fails at 'at' with a message that is 'msg'. */
static void fails_n(const char *src, size_t len, size_t at, const char *msg)
{
    struct expr *e = (struct expr *)1;
    char err[256] = "unset";
    size_t got = 99999;

    assert_int_equal(expr_compile(&e, src, len, &schema, err, sizeof err, &got), -1);
    assert_null(e);
    if (got != at || strcmp(err, msg) != 0)
        print_error("'%.60s': got '%s' at %zu, want '%s' at %zu\n", src, err, got, msg, at);
    assert_string_equal(err, msg);
    assert_int_equal(got, at);
    assert_true(utf8_valid(err, strlen(err)));
}

static void fails(const char *src, size_t at, const char *msg)
{
    fails_n(src, strlen(src), at, msg);
}

static void compares_numbers_with_every_operator(void **state)
{
    (void)state;
    TRUE_("pledges == 4");
    FALSE_("pledges == 5");
    TRUE_("pledges != 5");
    FALSE_("pledges != 4");
    TRUE_("pledges < 5");
    FALSE_("pledges < 4");
    TRUE_("pledges <= 4");
    FALSE_("pledges <= 3");
    TRUE_("pledges > 3");
    FALSE_("pledges > 4");
    TRUE_("pledges >= 4");
    FALSE_("pledges >= 5");
    TRUE_("amount > 0");
    TRUE_("amount == 1200000000000");
    TRUE_("4 == pledges");
    TRUE_("pledges+1==5");
}

static void compares_texts_bytewise_for_equality_and_order(void **state)
{
    (void)state;
    TRUE_("status == 'planned'");
    TRUE_("status == \"planned\"");
    FALSE_("status == 'plan'");
    FALSE_("status == 'planned '");
    TRUE_("status != 'done'");
    TRUE_("status < 'planning'");
    TRUE_("status > 'plan'");
    TRUE_("'a' < 'b'");
    TRUE_("'' < 'a'");
    TRUE_("category == '판로지원'");
    TRUE_("category < '하'");
}

static void compares_conditions_with_true_and_false(void **state)
{
    struct row r = sample();

    (void)state;
    FALSE_("overdue");
    TRUE_("not overdue");
    TRUE_("overdue == false");
    TRUE_("overdue != true");
    TRUE_("true");
    FALSE_("false");
    TRUE_("(pledges > 1) == true");
    r.overdue = 1;
    assert_int_equal(eval_on("overdue", &r), 1);
    r.overdue = 7;   /* any non-zero number is true */
    assert_int_equal(eval_on("overdue == true", &r), 1);
}

static void combines_conditions_with_and_or_not_and_their_symbols(void **state)
{
    (void)state;
    TRUE_("pledges > 0 and amount > 0");
    FALSE_("pledges > 0 and amount < 0");
    TRUE_("pledges > 0 && amount > 0");
    TRUE_("pledges < 0 or amount > 0");
    FALSE_("pledges < 0 or amount < 0");
    TRUE_("pledges < 0 || amount > 0");
    TRUE_("not pledges < 0");
    TRUE_("!(pledges < 0)");
    TRUE_("!!(pledges > 0)");
    TRUE_("not not true");
    TRUE_("(pledges>0)&&(amount>0)||false");
    TRUE_("\tpledges > 0\n and\r\n amount > 0 ");
}

static void binds_and_tighter_than_or_and_not_tighter_than_and(void **state)
{
    (void)state;
    /* a or b and c = a or (b and c) */
    TRUE_("true or false and false");
    FALSE_("(true or false) and false");
    TRUE_("false and false or true");
    /* not applies to the comparison, then and */
    FALSE_("not pledges == 4 and true");
    TRUE_("not pledges == 5 and true");
    FALSE_("not true or false");
    TRUE_("not (true and false)");
    /* arithmetic before comparison, left to right */
    TRUE_("pledges - 1 - 1 == 2");
    TRUE_("pledges - (1 - 1) == 4");
}

static void tests_membership_with_in_and_not_in(void **state)
{
    (void)state;
    TRUE_("status in ['planned', 'in_preparation']");
    FALSE_("status in ['done', 'in_preparation']");
    TRUE_("status not in ['done', 'reported']");
    FALSE_("status not in ['planned']");
    TRUE_("category in ['판로지원', '수수료']");
    TRUE_("pledges in [1, 2, 4]");
    TRUE_("pledges in [-1,4]");
    FALSE_("pledges not in [4]");
    TRUE_("due in ['2024-06-30', '2024-12-31']");
    TRUE_("overdue in [false]");
    TRUE_("not status in ['done']");
    TRUE_("pledges + 1 in [5] and true");
}

static void treats_every_comparison_with_a_missing_value_as_false(void **state)
{
    struct row r = sample();
    static const char *const false_ones[] = {
        "amount > 0", "amount <= 0", "amount == 0", "amount != 0", "amount < 0",
        "amount >= 0", "amount in [0, 1]", "amount not in [0, 1]", "amount + 1 > 0",
        "amount - amount == 0", "0 < amount",
        "due <= as_of + 30", "due > as_of", "due == due", "due - as_of > 0",
        "status == 'planned'", "status != 'x'", "status in ['planned']",
        "status not in ['x']", "overdue", "overdue == false", "overdue != true",
    };
    size_t i;

    (void)state;
    r.missing = 1u << F_AMOUNT | 1u << F_DUE | 1u << F_STATUS | 1u << F_OVERDUE;
    for (i = 0; i < sizeof false_ones / sizeof false_ones[0]; i++) {
        char negated[128];
        if (eval_on(false_ones[i], &r) != 0)
            print_error("'%s' holds on missing values\n", false_ones[i]);
        assert_int_equal(eval_on(false_ones[i], &r), 0);
        snprintf(negated, sizeof negated, "not (%s)", false_ones[i]);
        assert_int_equal(eval_on(negated, &r), 1);
    }
    assert_int_equal(eval_on("not overdue", &r), 1);
    assert_int_equal(eval_on("amount > 0 or pledges > 0", &r), 1);
    assert_int_equal(eval_on("amount > 0 and pledges > 0", &r), 0);
}

static void adds_days_to_dates_and_subtracts_dates(void **state)
{
    struct row r = sample();

    (void)state;
    /* due 2024-12-31, as_of 2024-12-10 */
    assert_int_equal(eval_on("due <= as_of + 30", &r), 1);
    assert_int_equal(eval_on("due <= as_of + 20", &r), 0);
    assert_int_equal(eval_on("due <= as_of + 21", &r), 1);
    assert_int_equal(eval_on("due <= 21 + as_of", &r), 1);
    assert_int_equal(eval_on("due - 21 == as_of", &r), 1);
    assert_int_equal(eval_on("due - as_of == 21", &r), 1);
    assert_int_equal(eval_on("as_of - due == -21", &r), 1);
    assert_int_equal(eval_on("due - as_of > 0 and due > as_of", &r), 1);
    assert_int_equal(eval_on("as_of + -10 < as_of", &r), 1);
    r.due = days("2024-12-01");
    assert_int_equal(eval_on("due < as_of", &r), 1);
}

static void reads_text_literals_compared_with_dates_as_dates(void **state)
{
    struct row r = sample();

    (void)state;
    assert_int_equal(eval_on("due == '2024-12-31'", &r), 1);
    assert_int_equal(eval_on("'2024-12-31' == due", &r), 1);
    assert_int_equal(eval_on("due < \"2025-01-01\"", &r), 1);
    assert_int_equal(eval_on("due > '2024-02-29'", &r), 1);
    assert_int_equal(eval_on("as_of + 21 >= '2024-12-31'", &r), 1);
    assert_int_equal(eval_on("due - '2024-12-01' == 30", &r), 1);
    assert_int_equal(eval_on("'2025-01-01' - due == 1", &r), 1);
    assert_int_equal(eval_on("due not in ['2024-06-30']", &r), 1);
    r.due = 0;
    assert_int_equal(eval_on("due == '1970-01-01'", &r), 1);
    r.due = -1;
    assert_int_equal(eval_on("due == '1969-12-31'", &r), 1);
    /* texts stay texts when no date is involved */
    assert_int_equal(eval_on("'2024-12-31' == '2024-12-31'", &r), 1);
}

static void reads_korean_string_literals_and_escapes(void **state)
{
    struct row r = sample();

    (void)state;
    assert_int_equal(eval_on("category == \"판로지원\"", &r), 1);
    assert_int_equal(eval_on("category != '판로 지원'", &r), 1);
    assert_int_equal(eval_on("category in ['수수료', '판로지원', '기타']", &r), 1);
    r.category = "it's";
    assert_int_equal(eval_on("category == 'it\\'s'", &r), 1);
    assert_int_equal(eval_on("category == \"it's\"", &r), 1);
    r.category = "a\"b\\c";
    assert_int_equal(eval_on("category == 'a\\\"b\\\\c'", &r), 1);
    assert_int_equal(eval_on("category == \"a\\\"b\\\\c\"", &r), 1);
    r.category = "";
    assert_int_equal(eval_on("category == ''", &r), 1);
}

static void reads_negative_numbers_and_the_int64_range(void **state)
{
    struct row r = sample();

    (void)state;
    r.amount = INT64_MAX;
    assert_int_equal(eval_on("amount == 9223372036854775807", &r), 1);
    r.amount = INT64_MIN;
    assert_int_equal(eval_on("amount == -9223372036854775808", &r), 1);
    assert_int_equal(eval_on("amount < - 5", &r), 1);
    assert_int_equal(eval_on("1 - -1 == 2", &r), 1);
    assert_int_equal(eval_on("007 == 7", &r), 1);
    fails("amount > 9223372036854775808", 9, "number too large (beyond 64 bits)");
    fails("amount > -9223372036854775809", 9, "number too large (beyond 64 bits)");
    fails("amount > 99999999999999999999999", 9, "number too large (beyond 64 bits)");
}

static void treats_overflowing_sums_as_missing(void **state)
{
    struct row r = sample();

    (void)state;
    r.amount = INT64_MAX;
    assert_int_equal(eval_on("amount + 1 > 0", &r), 0);
    assert_int_equal(eval_on("amount + 1 <= 0", &r), 0);
    assert_int_equal(eval_on("amount + 0 > 0", &r), 1);
    r.amount = INT64_MIN;
    assert_int_equal(eval_on("amount - 1 < 0", &r), 0);
    assert_int_equal(eval_on("0 - amount > 0", &r), 0);
}

static void lists_each_field_read_once_in_order_of_first_use(void **state)
{
    struct expr *e;
    const int *ids;
    size_t n;

    (void)state;
    e = compile("due <= as_of + 30 and amount > 0 or due == as_of");
    n = expr_fields(e, &ids);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], F_DUE);
    assert_int_equal(ids[1], F_AS_OF);
    assert_int_equal(ids[2], F_AMOUNT);
    expr_free(e);
    e = compile("true");
    assert_int_equal(expr_fields(e, &ids), 0);
    expr_free(e);
    expr_free(NULL);
}

static void returns_false_when_a_value_cannot_be_read(void **state)
{
    struct row r = sample();

    (void)state;
    assert_int_equal(eval_on("not (amount > 0) or true", &r), 1);
    r.fail_field = F_AMOUNT;
    assert_int_equal(eval_on("not (amount > 0) or true", &r), 0);
    assert_int_equal(eval_on("pledges > 0", &r), 1);
    r.fail_field = -1;
    r.wrong_type = 1;
    assert_int_equal(eval_on("not (status == 'x')", &r), 0);
    assert_int_equal(eval_on("pledges > 0", &r), 1);
}

static void reports_an_unknown_name_with_a_suggestion_and_its_offset(void **state)
{
    (void)state;
    fails("amout > 0", 0,
          "unknown name 'amout' (a field of 'pledges': did you mean 'amount'?)");
    fails("pledges > 0 and amuont > 0", 16,
          "unknown name 'amuont' (a field of 'pledges': did you mean 'amount'?)");
    fails("stauts == 'x'", 0,
          "unknown name 'stauts' (a field of 'pledges': did you mean 'status'?)");
    fails("amountt > 0", 0,
          "unknown name 'amountt' (a field of 'pledges': did you mean 'amount'?)");
    fails("Amount > 0", 0,
          "unknown name 'Amount' (a field of 'pledges': did you mean 'amount'?)");
    fails("ameunt > 0", 0,
          "unknown name 'ameunt' (a field of 'pledges': did you mean 'amount'?)");
    fails("x > 0", 0, "unknown name 'x' (a field of 'pledges')");
    fails("revenue > 0", 0, "unknown name 'revenue' (a field of 'pledges')");
    fails("status == 'a' AND overdue", 14,
          "unexpected 'AND' after the condition (keywords are lowercase: 'and')");
    fails("Not overdue", 0, "unknown name 'Not' (keywords are lowercase: 'not')");
    fails("TRUE", 0, "unknown name 'TRUE' (keywords are lowercase: 'true')");
    fails("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, "unknown name "
          "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' (a field of 'pledges')");
}

static void reports_type_mismatches_at_the_operator(void **state)
{
    (void)state;
    fails("status == 5", 7, "cannot compare a text with a number");
    fails("amount > 'x'", 7, "cannot compare a number with a text");
    fails("due > 0", 4, "cannot compare a date with a number");
    fails("overdue == 1", 8, "cannot compare a condition with a number");
    fails("overdue < true", 8, "cannot order conditions (only == and != apply)");
    fails("status + 1 > 0", 7, "cannot add a number to a text");
    fails("as_of + as_of > due", 6, "cannot add a date to a date");
    fails("1 - due > 0", 2, "cannot subtract a date from a number");
    fails("overdue - 1 > 0", 8, "cannot subtract a number from a condition");
    fails("pledges in ['a']", 12, "cannot compare a number with a text");
    fails("status in ['a', 1]", 16, "cannot compare a text with a number");
    fails("amount and true", 0, "expected a condition (true or false), not a number");
    fails("true or status", 8, "expected a condition (true or false), not a text");
    fails("not due", 4, "expected a condition (true or false), not a date");
}

static void reports_a_result_that_is_not_a_condition(void **state)
{
    (void)state;
    fails("amount", 0, "expected a condition (true or false), not a number");
    fails("  amount + 1", 2, "expected a condition (true or false), not a number");
    fails("status", 0, "expected a condition (true or false), not a text");
    fails("(due)", 0, "expected a condition (true or false), not a date");
    fails("'x'", 0, "expected a condition (true or false), not a text");
}

static void reports_an_unterminated_string(void **state)
{
    (void)state;
    fails("status == 'planned", 10, "unterminated string");
    fails("status == \"planned'", 10, "unterminated string");
    fails("status == 'planned\\'", 10, "unterminated string");
    fails("status == '\\", 10, "unterminated string");
    fails("status == 'a\\n'", 12, "unknown escape '\\n' in a string (only \\' \\\" \\\\)");
    fails("status == 'a\nb'", 12, "control character in a string");
    fails("status == '\xff'", 11, "invalid UTF-8 in a string");
    fails("status == '\xed\xa0\x80'", 11, "invalid UTF-8 in a string");
}

static void reports_a_bad_date_literal(void **state)
{
    (void)state;
    fails("due < '2024-13-01'", 6,
          "invalid date '2024-13-01' (expected a date as YYYY-MM-DD)");
    fails("due < '2024-02-30'", 6,
          "invalid date '2024-02-30' (expected a date as YYYY-MM-DD)");
    fails("'연말' > due", 0, "invalid date '연말' (expected a date as YYYY-MM-DD)");
    fails("due in ['2024-01-01', '2024-1-2']", 22,
          "invalid date '2024-1-2' (expected a date as YYYY-MM-DD)");
    fails("due - 'soon' > 0", 6, "invalid date 'soon' (expected a date as YYYY-MM-DD)");
}

static void reports_trailing_garbage_and_bad_tokens(void **state)
{
    (void)state;
    fails("amount > 0 amount", 11, "unexpected 'amount' after the condition");
    fails("amount > 0)", 10, "unexpected ')' after the condition");
    fails("amount > 0 ]", 11, "unexpected ']' after the condition");
    fails("true 'x'", 5, "unexpected ''x'' after the condition");
    fails("amount > 0 not", 11, "unexpected 'not' after the condition");
    fails("amount not", 10, "expected 'in' after 'not', found the end");
    fails("amount not 5", 11, "expected 'in' after 'not', found '5'");
    fails("status in ['a'] in ['b']", 16,
          "comparisons do not chain (join them with 'and')");
    fails("0 < amount < 5", 11, "comparisons do not chain (join them with 'and')");
    fails("amount = 5", 7, "unexpected '=' (compare with '==')");
    fails("true & false", 5, "unexpected '&' (use '&&' or 'and')");
    fails("true | false", 5, "unexpected '|' (use '||' or 'or')");
    fails("amount > 30d", 9, "invalid number '30d'");
    fails("상태 == 'x'", 0, "unexpected character '상' (names are ASCII letters, digits "
          "and '_'; texts go in quotes)");
    fails("amount > 0 ;", 11, "unexpected character ';' (names are ASCII letters, digits "
          "and '_'; texts go in quotes)");
    fails("amount >", 8, "expected a value, found the end");
    fails("amount > )", 9, "expected a value, found ')'");
    fails("(amount > 0", 11, "expected ')', found the end");
    fails("amount > -x", 10, "expected a number after '-'");
    fails("status in 'a'", 10, "expected '[' after 'in', found ''a''");
    fails("status in ['a' 'b']", 15, "expected ']'");
    fails("status in ['a',]", 15,
          "expected a literal (a number, a string, true or false), found ']'");
    fails("status in []", 11,
          "expected a literal (a number, a string, true or false), found ']'");
    fails("status in [category]", 11,
          "expected a literal (a number, a string, true or false), found 'category'");
    fails("status in ['a'", 14, "expected ']'");
}

static void reports_nesting_deeper_than_32_levels(void **state)
{
    char src[256];
    size_t n = 0, i;
    struct expr *e;

    (void)state;
    for (i = 0; i < 32; i++)
        src[n++] = '(';
    memcpy(src + n, "true", 4);
    n += 4;
    for (i = 0; i < 32; i++)
        src[n++] = ')';
    src[n] = '\0';
    e = compile(src);
    expr_free(e);
    memmove(src + 1, src, n + 1);
    src[0] = '(';
    strcat(src, ")");
    fails(src, 32, "condition nested too deeply (at most 32 levels)");
    n = 0;
    for (i = 0; i < 33; i++) {
        memcpy(src + n, "not ", 4);
        n += 4;
    }
    memcpy(src + n, "true", 5);
    fails(src, 128, "condition nested too deeply (at most 32 levels)");
    memcpy(src, "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!true", 38);
    fails(src, 32, "condition nested too deeply (at most 32 levels)");
}

static void reports_expressions_longer_than_4096_bytes(void **state)
{
    char *src = xmalloc(EXPR_MAX_LEN + 2);
    struct expr *e;
    char err[128];
    size_t at;

    (void)state;
    memset(src, ' ', EXPR_MAX_LEN + 1);
    memcpy(src, "true", 4);
    assert_int_equal(expr_compile(&e, src, EXPR_MAX_LEN, &schema, err, sizeof err, &at), 0);
    expr_free(e);
    fails_n(src, EXPR_MAX_LEN + 1, 4096, "condition too long (4097 bytes, at most 4096)");
    free(src);
}

static void reports_an_empty_condition(void **state)
{
    (void)state;
    fails("", 0, "empty condition");
    fails(" \t\n", 3, "empty condition");
    fails("()", 1, "expected a value, found ')'");
}

static void reports_programs_longer_than_256_instructions(void **state)
{
    struct {
        char buf[4096];
        size_t len;
    } s;
    int i;

    (void)state;
    s.len = 0;
    s.len += (size_t)snprintf(s.buf, sizeof s.buf, "pledges");
    for (i = 0; i < 126; i++)
        s.len += (size_t)snprintf(s.buf + s.len, sizeof s.buf - s.len, "+1");
    /* 1 + 2 * 126 = 253 instructions, then '== 0' makes 255 */
    s.len += (size_t)snprintf(s.buf + s.len, sizeof s.buf - s.len, "==0");
    expr_free(compile(s.buf));
    s.len -= 3;
    s.len += (size_t)snprintf(s.buf + s.len, sizeof s.buf - s.len, "+1==0");
    /* the 257th instruction is the comparison, at offset len - 3 */
    fails(s.buf, s.len - 3, "condition too complex (more than 256 steps)");
    /* list items count too */
    s.len = (size_t)snprintf(s.buf, sizeof s.buf, "pledges in [0");
    for (i = 1; i < 254; i++)   /* 'pledges', 254 items and 'in' */
        s.len += (size_t)snprintf(s.buf + s.len, sizeof s.buf - s.len, ",%d", i % 10);
    s.len += (size_t)snprintf(s.buf + s.len, sizeof s.buf - s.len, "]");
    expr_free(compile(s.buf));
    s.len -= 1;
    s.len += (size_t)snprintf(s.buf + s.len, sizeof s.buf - s.len, ",7]");
    fails(s.buf, s.len - 2, "condition too complex (more than 256 steps)");
}

static void reports_a_stack_deeper_than_the_evaluator_holds(void **state)
{
    static const char level[] = "true or true and true == (";
    char src[1024];
    size_t n = 0;
    int i;

    (void)state;
    /* each level leaves three values pending: 21 levels and the innermost make 64 */
    for (i = 0; i < 21; i++)
        n += (size_t)snprintf(src + n, sizeof src - n, "%s", level);
    n += (size_t)snprintf(src + n, sizeof src - n, "true");
    for (i = 0; i < 21; i++)
        src[n++] = ')';
    src[n] = '\0';
    TRUE_(src);
    n = 0;
    for (i = 0; i < 22; i++)
        n += (size_t)snprintf(src + n, sizeof src - n, "%s", level);
    n += (size_t)snprintf(src + n, sizeof src - n, "true");
    for (i = 0; i < 22; i++)
        src[n++] = ')';
    src[n] = '\0';
    /* the 65th value is the second 'true' of the 22nd level */
    fails(src, 21 * (sizeof level - 1) + 8,
          "condition too complex (more than 64 operands pending)");
}

static void accepts_a_null_error_buffer(void **state)
{
    struct expr *e;
    size_t at = 0;

    (void)state;
    assert_int_equal(expr_compile(&e, "amout", 5, &schema, NULL, 0, &at), -1);
    assert_int_equal(at, 0);
    assert_int_equal(expr_compile(&e, "'x", 3, &schema, NULL, 0, NULL), -1);
    {
        char err[8];
        assert_int_equal(expr_compile(&e, "status == 1", 11, &schema, err, sizeof err,
                                      &at), -1);
        assert_string_equal(err, "cannot ");
        assert_int_equal(at, 7);
    }
}

static void reads_only_the_given_length(void **state)
{
    struct row r = sample();
    struct expr *e;
    char err[128];
    size_t at;

    (void)state;
    assert_int_equal(expr_compile(&e, "pledges > 0 and false", 11, &schema, err, sizeof err,
                                  &at), 0);
    assert_int_equal(expr_eval(e, get, &r), 1);
    expr_free(e);
}

static void evaluates_without_allocating(void **state)
{
    struct row r = sample();
    struct expr *e = compile("status in ['planned', 'in_preparation'] and "
                             "(due <= as_of + 30 or not overdue) and category == '판로지원' "
                             "and amount - 1 > 0 and due - as_of == 21 and !(pledges < 1)");
    struct mallinfo2 before, after;
    int i, v = 0;

    (void)state;
    before = mallinfo2();
    xalloc_fail_after(1);   /* any counted allocation from here on exits with status 4 */
    for (i = 0; i < 1000; i++)
        v += expr_eval(e, get, &r);
    xalloc_fail_after(0);
    after = mallinfo2();
    assert_int_equal(v, 1000);
    assert_int_equal(before.uordblks, after.uordblks);
    assert_int_equal(r.reads, 1000 * 9);
    expr_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compares_numbers_with_every_operator),
        cmocka_unit_test(compares_texts_bytewise_for_equality_and_order),
        cmocka_unit_test(compares_conditions_with_true_and_false),
        cmocka_unit_test(combines_conditions_with_and_or_not_and_their_symbols),
        cmocka_unit_test(binds_and_tighter_than_or_and_not_tighter_than_and),
        cmocka_unit_test(tests_membership_with_in_and_not_in),
        cmocka_unit_test(treats_every_comparison_with_a_missing_value_as_false),
        cmocka_unit_test(adds_days_to_dates_and_subtracts_dates),
        cmocka_unit_test(reads_text_literals_compared_with_dates_as_dates),
        cmocka_unit_test(reads_korean_string_literals_and_escapes),
        cmocka_unit_test(reads_negative_numbers_and_the_int64_range),
        cmocka_unit_test(treats_overflowing_sums_as_missing),
        cmocka_unit_test(lists_each_field_read_once_in_order_of_first_use),
        cmocka_unit_test(returns_false_when_a_value_cannot_be_read),
        cmocka_unit_test(reports_an_unknown_name_with_a_suggestion_and_its_offset),
        cmocka_unit_test(reports_type_mismatches_at_the_operator),
        cmocka_unit_test(reports_a_result_that_is_not_a_condition),
        cmocka_unit_test(reports_an_unterminated_string),
        cmocka_unit_test(reports_a_bad_date_literal),
        cmocka_unit_test(reports_trailing_garbage_and_bad_tokens),
        cmocka_unit_test(reports_nesting_deeper_than_32_levels),
        cmocka_unit_test(reports_expressions_longer_than_4096_bytes),
        cmocka_unit_test(reports_an_empty_condition),
        cmocka_unit_test(reports_programs_longer_than_256_instructions),
        cmocka_unit_test(reports_a_stack_deeper_than_the_evaluator_holds),
        cmocka_unit_test(accepts_a_null_error_buffer),
        cmocka_unit_test(reads_only_the_given_length),
        cmocka_unit_test(evaluates_without_allocating),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
