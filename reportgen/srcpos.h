/*
 * srcpos.h - positions in JSON source text: byte offset -> line and column,
 * and the byte offset of the value at a key or index inside a JSON text.
 *
 * The JSON parser gives positions only for syntax errors.  The dataset and
 * layout loaders keep each record's byte offset and, only when a problem is
 * reported, find the offending value's offset here by scanning the record's
 * (already validated) text, then turn it into line:column.
 */
#ifndef RG_SRCPOS_H
#define RG_SRCPOS_H

#include <stddef.h>

/* Offsets of line starts in a text, built on the first query. */
struct srcmap {
    const char *text;   /* borrowed */
    size_t len;
    size_t *lines;      /* owned: lines[i] = offset of line i+1 */
    size_t nlines;
};

void srcmap_init(struct srcmap *map, const char *text, size_t len);
void srcmap_release(struct srcmap *map);
/*
 * Line (1-based) and column (1-based, counted in characters) of byte
 * 'offset'.  Lines end at LF, CRLF or a lone CR.
 */
void srcmap_locate(struct srcmap *map, size_t offset, int *line, int *column);

/*
 * In the JSON text 'text' ('len' bytes), 'start' being the offset of an
 * object (at or before its '{', whitespace allowed), return the offset of
 * the value stored under 'key', or -1 when the key is absent or the text is
 * not an object.  Escapes in keys are decoded for the comparison.  When the
 * key is repeated, the last value is the one stored (as by the parser).
 */
long json_text_key(const char *text, size_t len, size_t start, const char *key);
/* Same for element 'index' (0-based) of an array. */
long json_text_index(const char *text, size_t len, size_t start, size_t index);
/*
 * Follow a JSON Pointer ("/pledges/3/amount_krw", without ~ escapes in
 * keys that hold none) from 'start'.  Returns the value's offset, or the
 * offset of the deepest value found when a step is missing, so a position
 * always lands inside the right record.
 */
size_t json_text_pointer(const char *text, size_t len, size_t start, const char *pointer);

#endif /* RG_SRCPOS_H */
