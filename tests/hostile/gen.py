#!/usr/bin/env python3
"""Write the hostile inputs of tests/hostile/check.sh into a directory.

usage: gen.py DIR [--big]
Each dataset or layout is a small, otherwise valid file with one hostile
thing in it; the file name says what.  --big also writes the two large
inputs (a 50 MB string, 10^6 meetings), which are never committed.
"""
import json
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def put(name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)


def base():
    return {
        "title": "점검 보고",
        "meetings": [
            {"id": "M1", "date": "2024-11-06", "title": "플랫폼 간담회", "venue": "서울"},
            {"id": "M2", "date": "2024-03-05", "title": "상생 협의"},
        ],
        "pledges": [
            {"id": "P1", "meeting": "M1", "company": "네이버", "category": "판로지원",
             "title": "소상공인 판로 지원", "amount_krw": 60000000000, "timeline_text": "연내"},
            {"id": "P2", "meeting": "M2", "company": "카카오", "category": "수수료",
             "title": "수수료 인하", "description": "중개 수수료를 낮춘다.", "due": "2024-12-31"},
        ],
    }


def text(obj):
    """Indented JSON, one field a line, so that positions are predictable."""
    return json.dumps(obj, ensure_ascii=False, indent=1)


def with_title(title):
    d = base()
    d["pledges"][0]["title"] = title
    return text(d)


MARK = "@@"   # replaced by raw bytes after encoding


def raw(template_title, raw_bytes):
    """A dataset whose first pledge title holds raw bytes (not valid JSON text)."""
    return with_title("앞" + MARK + "뒤").encode('utf-8').replace(MARK.encode(), raw_bytes)


def main():
    # encodings
    put("invalid-utf8.json", raw(None, b"\xff\xfe"))
    put("invalid-utf8-truncated.json", raw(None, b"\xea\xb0"))
    put("invalid-utf8-continuation.json", raw(None, b"\x80\x80"))
    put("overlong-slash.json", raw(None, b"\xc0\xaf"))
    put("overlong-nul.json", raw(None, b"\xc0\x80"))
    put("overlong-three-byte.json", raw(None, b"\xe0\x80\xaf"))
    put("surrogate-encoded-utf8.json", raw(None, b"\xed\xa0\x80"))
    put("above-u10ffff.json", raw(None, b"\xf4\x90\x80\x80"))
    put("lone-high-surrogate.json", raw(None, b"\\ud800"))
    put("lone-low-surrogate.json", raw(None, b"\\udc00"))
    put("reversed-surrogates.json", raw(None, b"\\udc00\\ud800"))
    put("nul-escape.json", raw(None, b"\\u0000"))
    put("nul-raw.json", raw(None, b"\x00"))
    put("control-escape.json", raw(None, b"\\u001b[31m"))
    put("bom-between-tokens.json",
        text(base()).encode().replace(b'"pledges"', b'\xef\xbb\xbf"pledges"'))
    put("bom-twice-at-start.json", b"\xef\xbb\xbf\xef\xbb\xbf" + text(base()).encode())
    put("bom-inside-string.json", raw(None, b"\xef\xbb\xbf"))
    # line ends: a valid file, and one with an error on line 6 (the first meeting's date)
    valid = text(base())
    bad = base()
    bad["meetings"][0]["date"] = "2024-13-01"
    bad = text(bad)
    assert bad.split("\n")[5].strip().startswith('"date": "2024-13-01"'), bad.split("\n")[5]
    put("crlf-valid.json", valid.replace("\n", "\r\n"))
    put("crlf-error-line-6.json", bad.replace("\n", "\r\n"))
    put("cr-only-valid.json", valid.replace("\n", "\r"))
    put("cr-only-error-line-6.json", bad.replace("\n", "\r"))
    put("mixed-line-ends-error-line-6.json",
        "".join(l + ("\r\n", "\r", "\n")[i % 3] for i, l in enumerate(bad.split("\n"))))
    # nesting
    put("deep-nesting-in-record.json",
        with_title("x").replace('"title": "x"', '"title": ' + "[" * 10000 + "]" * 10000))
    put("deep-nesting-top-level.json", "[" * 10000 + "]" * 10000)
    put("deep-nesting-objects.json",
        '{"title": ' + '{"a": ' * 10000 + '1' + '}' * 10000 + ', "meetings": [], "pledges": []}')
    # ids, amounts, dates
    d = base(); d["meetings"][1]["id"] = "M1"; d["pledges"][1]["meeting"] = "M1"
    put("duplicate-meeting-id.json", text(d))
    d = base(); d["pledges"][1]["id"] = "P1"
    put("duplicate-pledge-id.json", text(d))
    d = base(); d["pledges"][1]["id"] = "p1"
    put("ids-differing-in-case.json", text(d))
    amount = text(base()).replace("60000000000", "@AMOUNT@")
    put("amount-1e400.json", amount.replace("@AMOUNT@", "1e400"))
    put("amount-minus-zero.json", amount.replace("@AMOUNT@", "-0"))
    put("amount-minus-zero-real.json", amount.replace("@AMOUNT@", "-0.0"))
    put("amount-1e19-integer.json", amount.replace("@AMOUNT@", "10000000000000000000"))
    put("amount-1e19-text.json", amount.replace("@AMOUNT@", '"1000경 원"'))
    put("amount-int64-max.json", amount.replace("@AMOUNT@", "9223372036854775807"))
    d = base(); d["pledges"][1]["amount_krw"] = 9223372036854775807
    d["pledges"][0]["amount_krw"] = 9223372036854775807
    put("amount-sum-overflows.json", text(d))
    d = base(); d["meetings"][0]["date"] = "2024-02-30"
    put("date-2024-02-30.json", text(d))
    d = base(); d["meetings"][0]["date"] = "0000-01-01"
    put("date-0000-01-01.json", text(d))
    d = base(); d["pledges"][1]["due"] = "2024-02-30"
    put("due-2024-02-30.json", text(d))
    d = base(); d["meetings"][0]["date"] = "9999-12-31"
    d["pledges"][0]["timeline_text"] = "내년 말"
    put("timeline-past-9999.json", text(d))
    # text the fonts cannot show, and text that normalisation changes
    put("glyph-emoji.json", with_title("상생 \U0001F600 약속"))
    put("glyph-emoji-company.json", text(dict(base(), pledges=[
        dict(base()["pledges"][0], company="네이버\U0001F680"), base()["pledges"][1]])))
    put("glyph-hanja-missing.json", with_title("상생 \u4E0E 약속"))
    put("glyph-private-use.json", with_title("상생 \uE000 약속"))
    put("combining-jamo.json", with_title("\u1112\u1161\u11ab\u1100\u1173\u11af 약속"))
    put("combining-jamo-archaic.json", with_title("\u1100\u1100\u1161 약속"))
    put("zero-width-and-bidi.json", with_title(
        "상\u200b생\u200c약\u200d속\u2060 끝\ufeff \u202e역순\u202c"
        " \u2066격리\u2069 \u200e\u200f표시"))
    put("zero-width-only-title.json", with_title("\u200b\u200d"))
    put("line-separator-in-title.json", with_title("첫 줄\u2028둘째 줄"))
    d = base(); d["title"] = "{title} {page}"; d["pledges"][0]["company"] = "{company}"
    put("placeholder-in-data.json", text(d))
    # names printed in bookmarks, the document information and every page's header
    mega = "상생" + "가" * (1048576 // 3 - 2)
    d = base(); d["title"] = mega
    put("title-1mb.json", text(d))
    d = base(); d["pledges"][0]["company"] = mega
    put("company-1mb.json", text(d))
    d = base(); d["title"] = ("플랫폼 상생협력 " * 1200)[:10000]
    put("title-10000-characters.json", text(d))


def layouts():
    def lay(name, obj):
        put(name, json.dumps(obj, ensure_ascii=False, indent=1))

    table = {"type": "table", "source": "companies",
             "columns": [{"field": "company"}, {"field": "pledges", "width_mm": 20}]}
    lay("layout-negative-width.json", {"blocks": [dict(table, columns=[
        {"field": "company", "width_mm": -5}, {"field": "pledges"}])]})
    lay("layout-negative-weight.json", {"blocks": [dict(table, columns=[
        {"field": "company", "weight": -1}, {"field": "pledges"}])]})
    lay("layout-columns-wider-than-page.json", {"blocks": [dict(table, columns=[
        {"field": "company", "width_mm": 150}, {"field": "pledges", "width_mm": 150}])]})
    lay("layout-column-nan-width.json", {"blocks": [dict(table, columns=[
        {"field": "company", "width_mm": 1e308}, {"field": "pledges"}])]})
    lay("layout-font-size-0.json", {"styles": {"body": {"size": 0}}, "blocks": []})
    lay("layout-font-size-10000.json", {"styles": {"h1": {"size": 10000}}, "blocks": []})
    lay("layout-leading-0.json", {"styles": {"body": {"leading": 0}}, "blocks": []})
    lay("layout-table-no-columns.json", {"blocks": [dict(table, columns=[])]})
    lay("layout-negative-margins.json", {"page": {"margin_mm": [-10, -10, -10, -10]},
                                          "blocks": []})
    lay("layout-negative-spacer.json", {"blocks": [{"type": "spacer", "height_mm": -500}]})
    lay("layout-huge-spacer.json", {"blocks": [{"type": "spacer", "height_mm": 1e9},
                                               {"type": "paragraph", "text": "끝"}]})
    lay("layout-negative-limit.json", {"blocks": [dict(table, limit=-1)]})
    lay("layout-empty-palette.json", {"colors": {"palette": []}, "blocks": []})
    lay("layout-placeholder-names-itself.json",
        {"blocks": [{"type": "paragraph", "text": "{{title}}"}]})
    lay("layout-placeholder-nested.json",
        {"blocks": [{"type": "paragraph", "text": "{title{title}}"}]})
    lay("layout-placeholder-unclosed.json",
        {"blocks": [{"type": "paragraph", "text": "{title"}]})
    lay("layout-glyph-missing.json",
        {"blocks": [{"type": "paragraph", "text": "표시 불가 \U0001F600"}]})
    lay("layout-many-page-breaks.json",
        {"blocks": [{"type": "page_break"}] * 50 +
                   [{"type": "paragraph", "text": "쪽"}, {"type": "page_break"}] * 1000})
    lay("layout-header-taller-than-page.json", {"blocks": [dict(table, columns=[
        {"field": "company"}, {"field": "pledges", "title": "h" * 80, "width_mm": 3}])]})
    lay("layout-header-font-72.json", {"styles": {"table_header": {"size": 72}},
                                       "blocks": [dict(table, columns=[
        {"field": "company"}, {"field": "pledges", "title": "가나다라마바사아자차카타파하",
                               "width_mm": 20}])]})
    put("layout-invalid-utf8.json", b'{"blocks": [{"type": "paragraph", "text": "\xff"}]}')
    put("layout-deep-nesting.json",
        '{"blocks": [], "x": ' + "[" * 10000 + "]" * 10000 + "}")
    put("layout-empty-file.json", b"")


def big():
    # a 50 MB string: one pledge description
    d = base()
    d["pledges"][0]["description"] = "@BIG@"
    head, tail = text(d).split("@BIG@")
    with open(os.path.join(out, "big-50mb-string.json"), "wb") as f:
        f.write(head.encode())
        unit = "가나다라마 바사아 ".encode()
        n = 50 * 1024 * 1024 // len(unit)
        f.write(unit * n)
        f.write(tail.encode())
    # 10^6 meetings, no pledges
    with open(os.path.join(out, "million-meetings.json"), "w", encoding="utf-8") as f:
        f.write('{"meetings": [\n')
        f.write(",\n".join('{"id": "M%d", "date": "2024-01-01", "title": "회의"}' % i
                           for i in range(1000000)))
        f.write('\n], "pledges": []}\n')


main()
layouts()
if "--big" in sys.argv[2:]:
    big()
