#!/usr/bin/env python3
"""Fill the en_GB plural forms that lupdate leaves empty.

English is the source language, but Qt only chooses between "1 patient" and "2 patients" when the
catalogue gives both numerus forms. After `cmake --build <dir> --target avocet_ui_lupdate`, run
this script: every empty numerus message gets a singular ("(s)"/"(es)" removed) and a plural
("(s)" -> "s", "(es)" -> "es") form and is marked finished. Other messages stay as lupdate left them.
"""
import pathlib
import re
import sys

TS = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("avocet_en_GB.ts"))

MESSAGE = re.compile(
    r'(<message numerus="yes">\s*<source>(?P<source>[^<]*)</source>(?:\s*<comment>[^<]*</comment>)?\s*)'
    r'<translation type="unfinished">\s*<numerusform></numerusform>\s*<numerusform></numerusform>\s*</translation>',
    re.S)


def forms(source: str) -> tuple[str, str]:
    singular = source.replace("(es)", "").replace("(s)", "")
    plural = source.replace("(es)", "es").replace("(s)", "s")
    return singular, plural


def fill(match: re.Match) -> str:
    singular, plural = forms(match.group("source"))
    return (match.group(1) + "<translation>\n            <numerusform>" + singular +
            "</numerusform>\n            <numerusform>" + plural + "</numerusform>\n        </translation>")


text = TS.read_text(encoding="utf-8")
filled, count = MESSAGE.subn(fill, text)
TS.write_text(filled, encoding="utf-8")
print(f"{TS.name}: filled {count} plural message(s)")
