#!/usr/bin/env python3
"""autoconfig-server.py: the https server test-autoconfig.sh starts on
loopback. It serves ROOT/HOST/PATH for the Host header of each request
(the query is not part of the file name) and appends "HOST PATH?QUERY" to
the log, one line a request, so the test can say what reached which host.

Beside a file FILE:
  FILE.redirect  holds a URL: the answer is "302 Found" to it
  FILE.nolength  exists: the body is sent without Content-Length

--silent accepts connections and never answers (the time-limit test).
The port it listens on (chosen by the system) is written to --port-file
once it listens."""

import argparse
import http.server
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--log")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--silent", action="store_true")
    args = ap.parse_args()

    if args.silent:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        write_port(args.port_file, sock.getsockname()[1])
        # the kernel completes each handshake; nobody ever reads a byte
        while True:
            time.sleep(3600)

    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def do_GET(self):
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            with lock, open(args.log, "a") as log:
                log.write("%s %s\n" % (host, self.path))
            path = urllib.parse.urlsplit(self.path).path
            if ".." in path or "/" in host or not host:
                return self.answer(404, b"")
            f = os.path.join(args.root, host, path.lstrip("/"))
            if os.path.isfile(f + ".redirect"):
                with open(f + ".redirect") as r:
                    target = r.read().strip()
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if not os.path.isfile(f):
                return self.answer(404, b"not here\n")
            with open(f, "rb") as r:
                body = r.read()
            self.answer(200, body, with_length=not os.path.exists(f + ".nolength"))

        def answer(self, status, body, with_length=True):
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            if with_length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    write_port(args.port_file, server.server_address[1])
    server.serve_forever()


def write_port(path, port):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
