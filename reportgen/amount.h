/*
 * amount.h - Korean money amounts: parse "1조 2,000억 원" to exact KRW and
 * format KRW back to the same style.
 *
 * Used by dataset validation (parsing) and by every output (formatting).
 * Pure functions of their arguments; no allocation except into 'out'.
 *
 * Accepted input (whitespace between parts is optional, commas only as
 * thousands separators inside a number):
 *     [digits][천|백|십]... per group, groups ordered by unit 경 > 조 > 억 > 만 >
 *     (ones), optional trailing "원", e.g. "1000억원", "1조 2,000억 원", "9000만원",
 *     "47억 원", "3천만 원", "1만 5,000원", "2천5백만 원", "1.5조 원" (a decimal is
 *     accepted only before a unit, in the last group, and when the result is a
 *     whole number of won), "15000", "15,000원".
 * Anything else (words such as "약", "이상", ranges, negative values, units out
 * of order or repeated, an empty string) is rejected.  The complete grammar is
 * at the top of amount.c.  Arithmetic is exact 64-bit integer arithmetic.
 */
#ifndef RG_AMOUNT_H
#define RG_AMOUNT_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

enum amount_status {
    AMOUNT_OK = 0,
    AMOUNT_SYNTAX = -1,   /* not a Korean amount */
    AMOUNT_OVERFLOW = -2  /* larger than INT64_MAX won */
};

/*
 * Parse the 'len' bytes at 's' (no NUL needed); on AMOUNT_OK stores the value in
 * '*krw', otherwise leaves it untouched.
 */
enum amount_status amount_parse(const char *s, size_t len, int64_t *krw);

/*
 * Append the Korean display form of 'krw' to 'out':
 *   300000000000 -> "3,000억 원", 4700000000 -> "47억 원",
 *   150050000000 -> "1,500억 5,000만 원", 1200000000000 -> "1조 2,000억 원",
 *   90000000 -> "9,000만 원", 15000 -> "1만 5,000원", 500 -> "500원", 0 -> "0원".
 * Units above 조 use 경.  Negative values get a leading '-'.
 */
void amount_format(int64_t krw, struct strbuf *out);

/* Append 'v' with thousands separators ("1,234,567") to 'out'. */
void amount_format_grouped(int64_t v, struct strbuf *out);

#endif /* RG_AMOUNT_H */
