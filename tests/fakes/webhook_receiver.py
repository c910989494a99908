#!/usr/bin/python3
"""A webhook receiver for the tests (standard library only): it answers
each POST by the path's first segment and records what it got.

usage: webhook_receiver.py --port PORT --log FILE [--host 127.0.0.1]

POST /ok/...       200
POST /flaky/...    500 the first 2 times for a given webhook-id, then 200
POST /dead/...     500 always
Every POST is appended to FILE as one JSON line: {"path", "status",
"webhook_id", "webhook_timestamp", "webhook_signature", "body", "at"}.
Anything else: 404.
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
SEEN = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status):
        body = b'{"received": true}' if status == 200 else b'{"error": "no"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace")
        kind = self.path.strip("/").split("/")[0]
        wid = self.headers.get("webhook-id") or ""
        with LOCK:
            SEEN[(self.path, wid)] = SEEN.get((self.path, wid), 0) + 1
            count = SEEN[(self.path, wid)]
        if kind == "ok":
            status = 200
        elif kind == "flaky":
            status = 500 if count <= 2 else 200
        elif kind == "dead":
            status = 500
        else:
            status = 404
        rec = {"path": self.path, "status": status, "webhook_id": wid,
               "webhook_timestamp": self.headers.get("webhook-timestamp"),
               "webhook_signature": self.headers.get("webhook-signature"),
               "body": body, "at": time.time()}
        with LOCK, open(self.server.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")
        self.answer(status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.log = a.log
    srv.serve_forever()


if __name__ == "__main__":
    main()
