#!/usr/bin/env python3
"""Random place mentions of `sitrep analyze` output, with their context, for checking by hand.

Usage: build/sitrep analyze DOCS > out.jsonl; scripts/sample-places.py out.jsonl [SEED] [N]
Prints the number of place mentions, then N random ones: (surface, place name, country, has
coordinates) | text around the mention. How the README's place precision figure was read.
"""
import json
import random
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    mentions = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            text = doc["text"].encode("utf-8")
            entities = {e["id"]: e for e in doc.get("entities", [])}
            for place in doc.get("places", []):
                for m in entities.get(place["entity"], {}).get("mentions", []):
                    around = text[max(0, m["start"] - 50):m["end"] + 25]
                    mentions.append((text[m["start"]:m["end"]].decode("utf-8", "replace"),
                                     place["name"], place["country"], place["lat"] is not None,
                                     around.decode("utf-8", "replace").replace("\n", " ")))
    print(len(mentions), "place mentions")
    random.seed(seed)
    for i, m in enumerate(random.sample(mentions, min(n, len(mentions)))):
        print(i, m[:4], "|", m[4])
    return 0


if __name__ == "__main__":
    sys.exit(main())
