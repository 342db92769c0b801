#!/usr/bin/env python3
"""Generates N documents (JSON Lines, sitrep's input format) for the report benchmark (issue 6)
by replicating and varying the team's bundled sample (examples/text, examples/jsonl): every
copy belongs to one of N/50 invented crises, which renames the sample's capital and main towns
to an invented town, shifts the publication date by 5 days per crisis, changes the outlet
(300 invented outlets), varies the figures, and adds one sentence so that every document is
distinct (documents are content-addressed). Deterministic for a given N.

Usage: bench/report_corpus.py N OUTPUT.jsonl [EXAMPLES_DIR]
"""
import datetime
import json
import os
import random
import re
import sys

n = int(sys.argv[1])
out_path = sys.argv[2]
examples = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "examples")

templates = []
for line in open(os.path.join(examples, "jsonl", "wire-mix-en-ru.jsonl"), encoding="utf-8"):
    d = json.loads(line)
    templates.append({"title": d["title"], "published": d["published"], "language": d.get("language"),
                      "text": d.get("text") or re.sub(r"<[^>]+>", " ", d.get("html", ""))})
for name in sorted(os.listdir(os.path.join(examples, "text"))):
    lines = open(os.path.join(examples, "text", name), encoding="utf-8").read().split("\n")
    day = re.search(r"(\d{4}-\d{2}-\d{2})", name).group(1)
    templates.append({"title": lines[0], "published": day + "T12:00:00+06:00", "language": name[:2],
                      "text": "\n".join(lines[3:])})

SYL = ["ka", "ra", "to", "mi", "sa", "lu", "ve", "do", "na", "ri", "po", "ze", "ta", "lo", "ni", "ba"]
TOWNS = re.compile(r"Bishkek|Bichkek|Бишкек[а-я]*|Jalal-?[Aa]bad|Djalal-Abad|Джалал-Абад[а-я]*|Osh\b|Och\b|Ош\b")
NUMBER = re.compile(r"(?<![\d,.:])\d{1,3}(?![\d,.:])(?!\s*[ap]\.m\.)")


def town(c):
    r = random.Random(c)
    return "".join(r.choice(SYL) for _ in range(3)).capitalize() + "abad"


base = datetime.datetime(2000, 1, 1)
with open(out_path, "w", encoding="utf-8") as out:
    for i in range(n):
        c = i // 50
        r = random.Random(i)
        t = templates[i % len(templates)]
        name = town(c)
        shift = datetime.timedelta(days=5 * c + r.randint(0, 3))
        pub = datetime.datetime.fromisoformat(t["published"][:19])
        published = (base + (pub - datetime.datetime(2025, 3, 10)) + shift).strftime("%Y-%m-%dT%H:%M:%S") + t["published"][19:]
        text = TOWNS.sub(name, t["text"])
        text = NUMBER.sub(lambda m: str(int(m.group(0)) + r.randint(0, 3)), text)
        text += "\n\nCorrespondent %d reported from %s." % (i, name)
        outlet = "Outlet %s %d" % (SYL[i % 16].capitalize(), i % 300)
        out.write(json.dumps({
            "url": "https://outlet-%d.example/%d" % (i % 300, i),
            "title": TOWNS.sub(name, t["title"]),
            "published": published,
            "outlet": outlet,
            "text": text,
        }, ensure_ascii=False) + "\n")
print("report_corpus: %d documents from %d templates -> %s" % (n, len(templates), out_path), file=sys.stderr)
