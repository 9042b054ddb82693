#!/usr/bin/env python3
"""The requests tidings' TT-RSS client makes for a first sync, by a plain
client: login, getApiLevel, then getHeadlines pages of 200 with content
until an empty one, each answer parsed as JSON. Prints items and seconds.

Usage: bench_plain.py API_URL USER PASSWORD
"""
import http.client
import json
import sys
import time
import urllib.parse

api, user, password = sys.argv[1:4]
parts = urllib.parse.urlsplit(api)
connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)


def call(body):
    connection.request("POST", parts.path, json.dumps(body), {"Content-Type": "application/json"})
    answer = connection.getresponse()
    data = answer.read()
    if answer.getheader("Connection", "").lower() == "close":
        connection.close()
    return json.loads(data)["content"]


started = time.perf_counter()
sid = call({"op": "login", "user": user, "password": password})["session_id"]
call({"op": "getApiLevel", "sid": sid})
items = 0
while True:
    page = call({"op": "getHeadlines", "sid": sid, "feed_id": -4, "view_mode": "all_articles", "since_id": 0,
                 "skip": items, "show_content": True, "include_attachments": True, "limit": 200})
    if not page:
        break
    items += len(page)
print(f"{items} {time.perf_counter() - started:.3f}")
