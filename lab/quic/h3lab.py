#!/usr/bin/env python3
"""The QUIC lab's servers and aioquic client (lab/quic/run-quic-lab.sh), on aioquic 1.2.0's API.

  h3lab.py quic-server NAME ADDR LOG CERT KEY [--retry]   HTTP/3 origin on ADDR:443/udp (--retry: every new
                                                          connection gets a Retry first, RFC 9000 section 8.1.2)
  h3lab.py https-server NAME ADDR LOG CERT KEY             HTTPS/1.1 origin on ADDR:443/tcp (the proxied contrast)
  h3lab.py get URL [--quic-version 1|2] [--quantum-readiness] [--cafile FILE]
                                                          one HTTP/3 GET; --quantum-readiness adds aioquic's 1200-byte
                                                          test transport parameter, so the ClientHello needs more than
                                                          one Initial packet

Every server writes one JSON line per connection ("event": "conn") and per request ("event": "request") with the
peer address, in the fields lab/labsrv writes (listen, peer, method, uri, host, ua, ts): the truth the sample is
judged by (lab/quic/make-truth.py), never the capture.
"""
import argparse
import asyncio
import datetime
import json
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import aioquic
from aioquic.asyncio import QuicConnectionProtocol, connect, serve
from aioquic.h3.connection import H3_ALPN, H3Connection
from aioquic.h3.events import DataReceived, HeadersReceived
from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.events import HandshakeCompleted, ProtocolNegotiated
from aioquic.quic.packet import QuicProtocolVersion

UA = "aioquic-lab/" + aioquic.__version__
VERSIONS = {"1": QuicProtocolVersion.VERSION_1, "2": QuicProtocolVersion.VERSION_2}
VERSION_NAMES = {int(v): k for k, v in VERSIONS.items()}


class Log:
    def __init__(self, path, name, listen):
        self.f = open(path, "a", buffering=1)
        self.name, self.listen = name, listen
        self.lock = threading.Lock()

    def write(self, **kv):
        kv.update(ts=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), listen=self.listen)
        with self.lock:
            self.f.write(json.dumps(kv, sort_keys=True) + "\n")


def peer_text(addr):
    return "%s:%d" % (addr[0], addr[1])


class H3Origin(QuicConnectionProtocol):
    """One QUIC connection to an origin: answers every request with 200 "ok" and logs it."""
    log = None
    retry = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._h3 = None
        self._peer = None

    def datagram_received(self, data, addr):
        self._peer = addr
        super().datagram_received(data, addr)

    def quic_event_received(self, event):
        if isinstance(event, ProtocolNegotiated) and event.alpn_protocol in H3_ALPN:
            self._h3 = H3Connection(self._quic)
        if isinstance(event, HandshakeCompleted):
            self.log.write(event="conn", scheme="h3", peer=peer_text(self._peer), alpn=event.alpn_protocol,
                           quic_version=VERSION_NAMES.get(self._quic._version, hex(self._quic._version)),
                           retry=self.retry, role="web")
        if self._h3 is None:
            return
        for e in self._h3.handle_event(event):
            if isinstance(e, HeadersReceived):
                h = {k.decode("latin-1"): v.decode("latin-1") for k, v in e.headers}
                self.log.write(event="request", scheme="h3", peer=peer_text(self._peer), method=h.get(":method"),
                               uri=h.get(":path"), host=h.get(":authority"), ua=h.get("user-agent", ""),
                               alpn="h3", quic_version=VERSION_NAMES.get(self._quic._version, ""), retry=self.retry,
                               status=200, role="web")
                self._h3.send_headers(e.stream_id, [(b":status", b"200"), (b"content-type", b"text/plain"),
                                                    (b"content-length", b"3")])
                self._h3.send_data(e.stream_id, b"ok\n", end_stream=True)
                self.transmit()


async def quic_server(a):
    config = QuicConfiguration(is_client=False, alpn_protocols=H3_ALPN)
    config.load_cert_chain(a.cert, a.key)
    H3Origin.log = Log(a.log, a.name, "%s:443" % a.addr)
    H3Origin.retry = a.retry
    await serve(a.addr, 443, configuration=config, create_protocol=H3Origin, retry=a.retry)
    print("ready", flush=True)
    await asyncio.Future()


def https_server(a):
    log = Log(a.log, a.name, "%s:443" % a.addr)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            log.write(event="request", scheme="https", peer=peer_text(self.client_address), method="GET", uri=self.path,
                      host=self.headers.get("Host"), ua=self.headers.get("User-Agent", ""), alpn="http/1.1",
                      status=200, role="web")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "3")
            self.end_headers()
            self.wfile.write(b"ok\n")

        def log_message(self, *args):
            pass

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    ctx.set_alpn_protocols(["http/1.1"])
    srv = ThreadingHTTPServer((a.addr, 443), Handler)
    srv.daemon_threads = True
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("ready", flush=True)
    srv.serve_forever()


class H3Client(QuicConnectionProtocol):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.h3 = H3Connection(self._quic)
        self.done = asyncio.get_event_loop().create_future()
        self.status, self.body = None, b""

    def quic_event_received(self, event):
        for e in self.h3.handle_event(event):
            if isinstance(e, HeadersReceived):
                self.status = dict(e.headers).get(b":status", b"").decode()
            elif isinstance(e, DataReceived):
                self.body += e.data
            if getattr(e, "stream_ended", False) and not self.done.done():
                self.done.set_result(None)


async def get(a):
    from urllib.parse import urlsplit
    u = urlsplit(a.url)
    config = QuicConfiguration(is_client=True, alpn_protocols=H3_ALPN, server_name=u.hostname,
                               quantum_readiness_test=a.quantum_readiness)
    config.original_version = VERSIONS[a.quic_version]
    if a.cafile:
        config.load_verify_locations(a.cafile)
    async with connect(u.hostname, u.port or 443, configuration=config, create_protocol=H3Client) as c:
        sid = c._quic.get_next_available_stream_id()
        c.h3.send_headers(sid, [(b":method", b"GET"), (b":scheme", b"https"), (b":authority", u.hostname.encode()),
                                (b":path", (u.path or "/").encode()), (b"user-agent", UA.encode())], end_stream=True)
        c.transmit()
        await asyncio.wait_for(c.done, 10)
        # the server may move the connection to another version (compatible version negotiation, RFC 9368)
        print("HTTP/3 %s %r (Initial packets in QUIC version %s, connection in version %s)"
              % (c.status, c.body, a.quic_version, VERSION_NAMES.get(c._quic._version, hex(c._quic._version))))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    for cmd in ("quic-server", "https-server"):
        s = sub.add_parser(cmd)
        for arg in ("name", "addr", "log", "cert", "key"):
            s.add_argument(arg)
        if cmd == "quic-server":
            s.add_argument("--retry", action="store_true")
    g = sub.add_parser("get")
    g.add_argument("url")
    g.add_argument("--quic-version", choices=sorted(VERSIONS), default="1")
    g.add_argument("--quantum-readiness", action="store_true")
    g.add_argument("--cafile")
    a = ap.parse_args()
    if a.cmd == "quic-server":
        asyncio.run(quic_server(a))
    elif a.cmd == "https-server":
        https_server(a)
    else:
        asyncio.run(get(a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
