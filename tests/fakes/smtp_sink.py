#!/usr/bin/python3
"""Mail sink for the development stack and the tests: an SMTP server that
accepts every message and keeps it as a file.

usage: smtp_sink.py --port PORT --dir DIR [--host 127.0.0.1] [--pid-file FILE]

Every message becomes DIR/<UTC time>-<sequence>.eml, e.g.
20250101T120000.123456Z-000001.eml (names sort in arrival order).  It is
written under a hidden temporary name first and renamed, so a reader that
lists *.eml never sees half a message.  The file holds the message as
received (CRLF line ends), preceded by two headers that carry the
envelope, which the message itself may not show (Bcc):
    X-Envelope-From: <sender>
    X-Envelope-To: <recipient>, <recipient>...
One log line per message goes to stderr.  Any sender, recipient and
AUTH credentials are accepted; there is no TLS.  SIGTERM or SIGINT: stop
listening, finish, exit 0.

Needs Debian's python3-aiosmtpd; run it with /usr/bin/python3.
"""

import argparse
import asyncio
import logging
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult

log = logging.getLogger("smtp_sink")


class Sink:
    """aiosmtpd handler: every DATA becomes a file."""

    def __init__(self, directory):
        self.dir = directory
        self.seq = 0

    async def handle_DATA(self, server, session, envelope):
        self.seq += 1
        now = time.time()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now))
        name = "%s.%06dZ-%06d.eml" % (stamp, int(now % 1 * 1e6), self.seq)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        head = ("X-Envelope-From: <%s>\r\nX-Envelope-To: %s\r\n" % (
            envelope.mail_from or "",
            ", ".join("<%s>" % r for r in envelope.rcpt_tos))).encode(
                "utf-8", "surrogateescape")
        tmp = os.path.join(self.dir, ".tmp-%d-%d" % (os.getpid(), self.seq))
        try:
            with open(tmp, "wb") as f:
                f.write(head)
                f.write(content)
            os.replace(tmp, os.path.join(self.dir, name))
        except OSError as e:
            log.error("cannot write %s: %s", name, e)
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return "451 Requested action aborted: local error in processing"
        log.info("%s from=<%s> to=%s bytes=%d peer=%s", name,
                 envelope.mail_from or "", ",".join(envelope.rcpt_tos),
                 len(content), session.peer[0] if session.peer else "-")
        return "250 OK queued as " + name


def accept_any(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=True)


async def serve(args):
    loop = asyncio.get_running_loop()
    sink = Sink(args.dir)

    def factory():
        return SMTP(sink, hostname="smtp-sink.localhost",
                    ident="souk smtp_sink", enable_SMTPUTF8=True,
                    authenticator=accept_any, auth_require_tls=False,
                    data_size_limit=64 * 1024 * 1024, loop=loop)

    server = await loop.create_server(factory, args.host, args.port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.pid_file:
        tmp = args.pid_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % os.getpid())
        os.replace(tmp, args.pid_file)
    log.info("listening on %s:%d, messages in %s", args.host, args.port,
             args.dir)
    await stop.wait()
    log.info("stopping")
    server.close()
    await server.wait_closed()


def main():
    p = argparse.ArgumentParser(description="SMTP sink: every message "
                                "becomes DIR/<time>-<seq>.eml")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--pid-file")
    args = p.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="%(asctime)s smtp_sink: %(message)s")
    log.setLevel(logging.INFO)
    os.makedirs(args.dir, exist_ok=True)
    try:
        asyncio.run(serve(args))
    finally:
        if args.pid_file:
            try:
                with open(args.pid_file) as f:
                    mine = f.read().strip() == str(os.getpid())
                if mine:
                    os.unlink(args.pid_file)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
