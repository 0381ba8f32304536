#!/usr/bin/env python3
"""End-to-end check of the seed briefing with poppler-utils and qpdf.

usage: check.py REPORTGEN DATASET

Renders DATASET with `reportgen render`, then checks that
  - pdftotext gives back every pledge title and description exactly (white
    space ignored, since lines wrap), and every meeting title;
  - MuPDF (mutool) extracts the same text, without U+FFFD, and Ghostscript
    renders every page without an error (each when installed);
  - pdffonts lists only NanumGothic and NanumGothicBold, embedded as subsets;
  - qpdf --check finds no problem;
  - the document has an outline (bookmarks) and "N / total" page numbers;
  - a second run gives byte-identical PDF and CSV files.
Prints one line per check and "pdf: N passed, M failed".
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def squash(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s))


def main():
    binary, dataset = sys.argv[1], sys.argv[2]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1735603200")
    with tempfile.TemporaryDirectory() as tmp:
        out1, out2 = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        for out in (out1, out2):
            r = subprocess.run([binary, "render", dataset, "-o", out], env=env,
                               capture_output=True, text=True)
            check(r.returncode == 0 and r.stdout == "" and r.stderr == "",
                  "render is quiet and succeeds: %r" % (r.stderr,))
        pdf = os.path.join(out1, "briefing.pdf")
        for name in sorted(os.listdir(out1)):
            with open(os.path.join(out1, name), "rb") as f1, \
                 open(os.path.join(out2, name), "rb") as f2:
                check(f1.read() == f2.read(), "two runs give identical bytes: " + name)

        text = run("pdftotext", "-raw", pdf, "-").stdout
        flat = squash(text)
        data = json.load(open(dataset, encoding="utf-8"))
        missing = []
        for p in data["pledges"]:
            for field in ("title", "description"):
                if p.get(field) and squash(p[field]) not in flat:
                    missing.append("%s %s" % (p["id"], field))
        for m in data["meetings"]:
            if squash(m["title"]) not in flat:
                missing.append("%s title" % m["id"])
        check(not missing, "every title and description extracts: missing %s" % missing[:5])
        # a second reader: MuPDF keys ToUnicode by CID, poppler by code
        if shutil.which("mutool"):
            mu = run("mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf)
            check(mu.returncode == 0 and "\ufffd" not in mu.stdout,
                  "mutool extracts the text without U+FFFD")
            check(sorted(squash(mu.stdout)) == sorted(flat),
                  "mutool and pdftotext extract the same characters")
            warnings = [l for l in mu.stderr.splitlines()
                        if "warning" in l and "ICC support" not in l]
            check(not warnings, "mutool reads the PDF without a warning: %s" % warnings[:3])
        else:
            print("pdf: mutool not installed; MuPDF checks skipped")
        if shutil.which("gs"):
            g = run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", pdf)
            check(g.returncode == 0 and "rror" not in g.stdout + g.stderr,
                  "Ghostscript renders every page: " + (g.stdout + g.stderr)[:300])
        else:
            print("pdf: gs not installed; Ghostscript check skipped")
        pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf).stdout).group(1))
        check(("1 / %d" % pages) in text and ("%d / %d" % (pages, pages)) in text,
              "page numbers 1 / %d and %d / %d" % (pages, pages, pages))

        fonts = run("pdffonts", pdf).stdout.splitlines()[2:]
        names = sorted(set(re.sub(r"^[A-Z]{6}\+", "", l.split()[0]) for l in fonts))
        check(names == ["NanumGothic", "NanumGothicBold,Bold"] or
              names == ["NanumGothic", "NanumGothicBold"], "only the Nanum fonts: %s" % names)
        for l in fonts:
            cols = l.split()
            check(re.match(r"^[A-Z]{6}\+", cols[0]) is not None and cols[-5:-3] == ["yes", "yes"],
                  "font embedded as a subset: " + l)

        q = run("qpdf", "--check", pdf)
        check(q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout,
              "qpdf --check: " + q.stdout[-300:] + q.stderr[-300:])
        outline = run("qpdf", "--json", "--json-key=outlines", pdf)
        check(outline.returncode == 0 and '"title"' in outline.stdout, "the PDF has bookmarks")
        check(run("pdftotext", pdf, "-").stderr == "",
              "pdftotext prints no warning")
    print("pdf: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
