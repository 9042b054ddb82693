#!/usr/bin/env python3
"""Loads the benchmark's items into the tt-rss of a started sync-servers dir.

Usage: bench_load.py STATE_JSON ITEMS_PER_FEED
Writes bulk-1..4.xml (gen_feeds.py) into the served feeds directory,
subscribes the test user, fetches them with updateFeed and checks that each
feed holds all its items.
"""
import json
import os
import subprocess
import sys
import time
import urllib.request

state = json.load(open(sys.argv[1]))
per_feed = sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
subprocess.run([sys.executable, os.path.join(here, "gen_feeds.py"), state["feeds_dir"], per_feed], check=True)
api = state["ttrss"]["url"]


def call(op, **params):
    body = json.dumps(dict(op=op, **params)).encode()
    request = urllib.request.Request(api, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as answer:
        reply = json.loads(answer.read())
    if reply.get("status") != 0:
        raise SystemExit(f"{op}: {reply}")
    return reply["content"]


started = time.time()
sid = call("login", user=state["ttrss"]["user"], password=state["ttrss"]["password"])["session_id"]
for n in range(1, 5):
    status = call("subscribeToFeed", sid=sid, feed_url=f"{state['feeds_url']}/bulk-{n}.xml")["status"]
    if status.get("code") not in (0, 1):
        raise SystemExit(f"subscribe bulk-{n}: {status}")
    feed_id = status["feed_id"]
    call("updateFeed", sid=sid, feed_id=feed_id)
    held = next(f["unread"] for f in call("getFeeds", sid=sid, cat_id=-3) if f["id"] == feed_id)
    # An update run stops itself after 70% of PHP's max_execution_time
    # (rssutils.php, "too many articles to process at once"): scripts/sync-servers
    # lifts it; a feed short of its items would make the bench measure less.
    if held < int(per_feed):
        raise SystemExit(f"bulk-{n}: tt-rss stored {held} of {per_feed} items")
total = sum(f["unread"] for f in call("getFeeds", sid=sid, cat_id=-3))
print(f"tt-rss holds {total} unread items (loaded in {time.time() - started:.1f}s)")
