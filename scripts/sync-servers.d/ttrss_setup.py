#!/usr/bin/env python3
"""Subscribes the tt-rss test user to the test feeds and fetches them.

Usage: ttrss_setup.py API_URL USER PASSWORD FEEDS_URL
Tech Daily and Science Notes go in category Tech, Le Monde in World (the
categories were created by scripts/sync-servers); each feed is then fetched
with updateFeed, and the script checks that every item arrived.
"""
import json
import sys
import urllib.request

api, user, password, feeds = sys.argv[1:5]
EXPECTED = {"tech.xml": ("Tech", 90), "science.xml": ("Tech", 80), "monde.xml": ("World", 60)}


def call(op, **params):
    body = json.dumps(dict(op=op, **params)).encode()
    request = urllib.request.Request(api, data=body, headers={"Content-Type": "application/json", "User-Agent": "sync-setup"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        reply = json.loads(answer.read())
    if reply.get("status") != 0:
        raise SystemExit(f"{op}: {reply}")
    return reply["content"]


sid = call("login", user=user, password=password)["session_id"]
categories = {c["title"]: int(c["id"]) for c in call("getCategories", sid=sid, include_empty=True)}
for name, (category, _) in EXPECTED.items():
    status = call("subscribeToFeed", sid=sid, feed_url=f"{feeds}/{name}", category_id=categories[category])["status"]
    if status.get("code") != 1:
        raise SystemExit(f"subscribeToFeed {name}: {status}")
for feed in call("getFeeds", sid=sid, cat_id=-3):
    call("updateFeed", sid=sid, feed_id=feed["id"])
total = 0
for feed in call("getFeeds", sid=sid, cat_id=-3):
    name = feed["feed_url"].rsplit("/", 1)[-1]
    got = feed["unread"]
    if got != EXPECTED[name][1]:
        raise SystemExit(f"{name}: {got} unread items, expected {EXPECTED[name][1]} (feed error: {feed.get('last_error')})")
    total += got
print(f"tt-rss: {total} items in {len(EXPECTED)} feeds")
