#!/usr/bin/env python3
"""Writes the feeds the live sync tests serve: the same bytes on every run.

Usage: gen_feeds.py OUT_DIR [ITEMS_PER_FEED]
Without ITEMS_PER_FEED: tech.xml (RSS, 90 items), science.xml (Atom, 80),
monde.xml (RSS, French and CJK text, 60) and subscriptions.opml.
With it (the benchmark): bulk-1.xml .. bulk-4.xml of that many items each.
Links point at example.org and are never fetched.
"""
import datetime
import os
import sys
from xml.sax.saxutils import escape

BASE = datetime.datetime(2025, 6, 1, 8, 0, tzinfo=datetime.timezone.utc)


def when(feed_no, i):
    return BASE + datetime.timedelta(hours=i * 3 + feed_no, minutes=7 * feed_no)


def rss(name, title, items, lang):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0"><channel>',
           f'<title>{escape(title)}</title>',
           f'<link>https://example.org/{name}/</link>',
           f'<description>{escape(title)} (test feed)</description>',
           f'<language>{lang}</language>']
    for it in items:
        out.append('<item>')
        out.append(f'<title>{escape(it["title"])}</title>')
        out.append(f'<link>{it["link"]}</link>')
        out.append(f'<guid isPermaLink="false">{it["guid"]}</guid>')
        out.append(f'<pubDate>{it["date"].strftime("%a, %d %b %Y %H:%M:%S +0000")}</pubDate>')
        if it.get("author"):
            out.append(f'<author>{escape(it["author"])}</author>')
        if it.get("enclosure"):
            out.append(f'<enclosure url="{it["enclosure"]}" type="audio/mpeg" length="123456"/>')
        out.append(f'<description>{escape(it["html"])}</description>')
        out.append('</item>')
    out.append('</channel></rss>')
    return "\n".join(out) + "\n"


def atom(name, title, items):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f'<title>{escape(title)}</title>',
           f'<id>urn:tidings-test:{name}</id>',
           f'<link rel="alternate" href="https://example.org/{name}/"/>',
           f'<updated>{items[-1]["date"].strftime("%Y-%m-%dT%H:%M:%SZ")}</updated>']
    for it in items:
        stamp = it["date"].strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append('<entry>')
        out.append(f'<title>{escape(it["title"])}</title>')
        out.append(f'<id>{it["guid"]}</id>')
        out.append(f'<link rel="alternate" href="{it["link"]}"/>')
        out.append(f'<published>{stamp}</published><updated>{stamp}</updated>')
        if it.get("author"):
            out.append(f'<author><name>{escape(it["author"])}</name></author>')
        out.append(f'<content type="html">{escape(it["html"])}</content>')
        out.append('</entry>')
    out.append('</feed>')
    return "\n".join(out) + "\n"


def items(name, feed_no, count, words):
    made = []
    for i in range(1, count + 1):
        word = words[i % len(words)]
        made.append({
            "title": f"{word} {i:03d} ({name})",
            "link": f"https://example.org/{name}/{i:03d}",
            "guid": f"urn:tidings-test:{name}:{i:03d}",
            "date": when(feed_no, i),
            "author": f"Author {i % 5}" if i % 3 == 0 else None,
            "enclosure": f"https://example.org/{name}/{i:03d}.mp3" if i % 17 == 0 else None,
            "html": f"<p>{word} number {i} of {name}.</p><p>Second paragraph with <a href=\"https://example.org/{name}/{i:03d}#more\">a link</a>.</p>",
        })
    return made


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    files = {}
    if len(sys.argv) > 2:
        per_feed = int(sys.argv[2])
        for n in range(1, 5):
            files[f"bulk-{n}.xml"] = rss(f"bulk-{n}", f"Bulk {n}", items(f"bulk-{n}", n, per_feed, ["Bulk"]), "en")
    else:
        files["tech.xml"] = rss("tech", "Tech Daily", items("tech", 1, 90, ["Kernel", "Compiler", "Network", "Storage"]), "en")
        files["science.xml"] = atom("science", "Science Notes", items("science", 2, 80, ["Comet", "Enzyme", "Quasar"]))
        files["monde.xml"] = rss("monde", "Le Monde « Test » 世界", items("monde", 3, 60, ["Économie", "Été", "東京", "서울"]), "fr")
        files["subscriptions.opml"] = "\n".join([
            '<?xml version="1.0" encoding="utf-8"?>',
            '<opml version="1.0"><head><title>tidings sync test</title></head><body>',
            '<outline text="Tech" title="Tech">',
            '<outline type="rss" text="Tech Daily" title="Tech Daily" xmlUrl="{{FEEDS}}/tech.xml"/>',
            '<outline type="rss" text="Science Notes" title="Science Notes" xmlUrl="{{FEEDS}}/science.xml"/>',
            '</outline>',
            '<outline text="World" title="World">',
            '<outline type="rss" text="Le Monde" title="Le Monde" xmlUrl="{{FEEDS}}/monde.xml"/>',
            '</outline>',
            '</body></opml>']) + "\n"
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
