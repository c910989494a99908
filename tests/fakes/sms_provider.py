#!/usr/bin/python3
"""Fake SMS provider for the development stack and the tests (standard
library only).

usage: sms_provider.py --port PORT --dir DIR --token-file FILE
                       [--host 127.0.0.1] [--pid-file FILE]

POST /v1/messages
    Authorization: Bearer <token>   (the first line of --token-file)
    {"to": "+E164", "text": "...", "from": "..." (optional)}
  201 {"id": "sms_<n>", "status": "accepted"}; the message, with its id
      and "received_at" (UTC, ISO 8601), is appended as one JSON line to
      DIR/messages.jsonl
  401 {"error": "unauthorized"}      token missing or wrong
  400 {"error": "..."}               body not a JSON object, "to" or "text"
                                     missing or not strings, "to" not
                                     +E.164, "from" not a string
  413 {"error": "body too large"}    over 64 KiB
  Numbers that fail on purpose (by how "to" ends):
    ...0500  500 {"error": "internal error"}
    ...0400  400 {"error": "invalid number"}
    ...0503  503 {"error": "temporarily unavailable"}, Retry-After: 1, the
             first 2 times for that number, 201 the 3rd; then again
             (503, 503, 201, ...: counted per number, so that each message
             a test sends to a given number sees the same sequence)
GET /v1/messages[?to=+E164]
  200 [every accepted message, oldest first] (from DIR/messages.jsonl,
      so it includes earlier runs unless the file was removed); no token
      needed: it is for the tests.

One log line per request goes to stderr.  SIGTERM or SIGINT: stop
listening, exit 0.
"""

import argparse
import hmac
import json
import os
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 64 * 1024
E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")
RETRIES = 2  # 503s before a ...0503 number is accepted


class State:
    def __init__(self, directory, token_file):
        self.dir = directory
        self.token_file = token_file
        self.file = os.path.join(directory, "messages.jsonl")
        self.lock = threading.Lock()
        self.unavailable = {}  # number -> 503s answered in this round
        self.next_id = 1 + self.count()

    def count(self):
        try:
            with open(self.file, "rb") as f:
                return sum(1 for _ in f)
        except FileNotFoundError:
            return 0

    def token(self):
        with open(self.token_file, encoding="utf-8") as f:
            return f.readline().rstrip("\r\n")

    def messages(self):
        out = []
        with self.lock:
            try:
                with open(self.file, encoding="utf-8") as f:
                    for line in f:
                        line = line.strip()
                        if line:
                            try:
                                out.append(json.loads(line))
                            except ValueError:
                                pass
            except FileNotFoundError:
                pass
        return out

    def retry_later(self, number):
        """True while a ...0503 number still owes 503s in this round."""
        with self.lock:
            n = self.unavailable.get(number, 0)
            if n < RETRIES:
                self.unavailable[number] = n + 1
                return True
            self.unavailable[number] = 0
            return False

    def accept(self, msg):
        with self.lock:
            msg = {"id": "sms_%d" % self.next_id, **msg,
                   "received_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                time.gmtime())}
            self.next_id += 1
            line = json.dumps(msg, ensure_ascii=False) + "\n"
            with open(self.file, "a", encoding="utf-8") as f:
                f.write(line)
            return msg


class Handler(BaseHTTPRequestHandler):
    server_version = "souk-fake-sms/1"
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle kept-alive connection ends its thread

    def log_message(self, fmt, *args):
        sys.stderr.write("%s sms_provider: %s %s\n" % (
            time.strftime("%Y-%m-%d %H:%M:%S"), self.address_string(),
            fmt % args))
        sys.stderr.flush()

    def reply(self, status, obj, headers=()):
        body = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        path = urlsplit(self.path).path
        if path.rstrip("/") != "/v1/messages":
            self.reply(404, {"error": "not found"})
            return None
        return path

    def do_GET(self):
        if self.route() is None:
            return
        q = parse_qs(urlsplit(self.path).query)
        msgs = self.server.state.messages()
        if "to" in q:
            msgs = [m for m in msgs if m.get("to") in q["to"]]
        self.reply(200, msgs)

    do_HEAD = do_GET

    def other(self):
        if self.route() is None:
            return
        self.reply(405, {"error": "method not allowed"},
                   [("Allow", "GET, POST")])

    do_PUT = do_DELETE = do_PATCH = other

    def read_body(self):
        """The request body, or None after answering an error."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            self.reply(411, {"error": "Content-Length required"})
            return None
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            n = -1
        if n < 0:
            self.close_connection = True
            self.reply(400, {"error": "bad Content-Length"})
            return None
        if n > MAX_BODY:
            self.close_connection = True
            self.reply(413, {"error": "body too large"})
            return None
        return self.rfile.read(n)

    def do_POST(self):
        if self.route() is None:
            return
        body = self.read_body()
        if body is None:
            return
        st = self.server.state
        auth = self.headers.get("Authorization", "")
        want = st.token()
        if (not want or not auth.startswith("Bearer ") or
                not hmac.compare_digest(auth[7:].strip().encode(),
                                        want.encode())):
            self.reply(401, {"error": "unauthorized"},
                       [("WWW-Authenticate", 'Bearer realm="sms"')])
            return
        try:
            msg = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self.reply(400, {"error": "invalid JSON"})
            return
        if not isinstance(msg, dict):
            self.reply(400, {"error": "want a JSON object"})
            return
        to, text, sender = msg.get("to"), msg.get("text"), msg.get("from")
        if not isinstance(to, str) or not to:
            self.reply(400, {"error": "missing \"to\""})
            return
        if not isinstance(text, str) or not text:
            self.reply(400, {"error": "missing \"text\""})
            return
        if sender is not None and not isinstance(sender, str):
            self.reply(400, {"error": "\"from\" must be a string"})
            return
        if to.endswith("0500"):
            self.reply(500, {"error": "internal error"})
            return
        if to.endswith("0400") or not E164.match(to):
            self.reply(400, {"error": "invalid number"})
            return
        if to.endswith("0503") and st.retry_later(to):
            self.reply(503, {"error": "temporarily unavailable"},
                       [("Retry-After", "1")])
            return
        rec = {"to": to, "text": text}
        if sender is not None:
            rec["from"] = sender
        rec = st.accept(rec)
        self.reply(201, {"id": rec["id"], "status": "accepted"})


def main():
    p = argparse.ArgumentParser(description="fake SMS provider")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--token-file", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--pid-file")
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    state = State(args.dir, args.token_file)
    if not state.token():
        sys.exit("sms_provider: %s: empty token" % args.token_file)

    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    httpd.state = state
    done = threading.Event()

    def stop(signum, frame):
        done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    t = threading.Thread(target=httpd.serve_forever, kwargs={
        "poll_interval": 0.2}, daemon=True)
    t.start()
    if args.pid_file:
        tmp = args.pid_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % os.getpid())
        os.replace(tmp, args.pid_file)
    sys.stderr.write("%s sms_provider: listening on %s:%d, messages in %s\n"
                     % (time.strftime("%Y-%m-%d %H:%M:%S"), args.host,
                        args.port, state.file))
    sys.stderr.flush()
    while not done.wait(3600):
        pass
    sys.stderr.write("%s sms_provider: stopping\n"
                     % time.strftime("%Y-%m-%d %H:%M:%S"))
    httpd.shutdown()
    httpd.server_close()
    if args.pid_file:
        try:
            with open(args.pid_file) as f:
                if f.read().strip() == str(os.getpid()):
                    os.unlink(args.pid_file)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
