#!/usr/bin/env python3
"""Loopback lab servers for the encrypted-DNS and SOCKS capture (lab/encrypted-dns/make-capture.sh).

A plain DNS server (UDP 53), a DNS-over-HTTPS server (RFC 8484, POST and GET /dns-query), a DNS-over-TLS server
(RFC 7858, port 853), an HTTPS origin and a SOCKS5 proxy (RFC 1928, no authentication) that relays to the origin.
Every request is logged as one JSON line with the peer address: the truth the capture's verdicts are tested against.
Runs only inside the network namespace the script makes (addresses 10.53.0.0/24 routed to lo).
"""
import base64, json, socket, socketserver, ssl, struct, sys, threading, time

NAMES = {"www.lab.test": "10.53.0.80", "dns.google": "10.53.0.8", "dot.lab.test": "10.53.0.9",
         "socks.lab.test": "10.53.0.2"}
LOG_LOCK = threading.Lock()
LOG = open(sys.argv[1], "a", buffering=1)
CERT, KEY = sys.argv[2], sys.argv[3]


def log(**kv):
    kv["ts"] = round(time.time(), 6)
    with LOG_LOCK:
        LOG.write(json.dumps(kv, sort_keys=True) + "\n")


def qname_of(msg):
    i, labels = 12, []
    while msg[i]:
        labels.append(msg[i + 1:i + 1 + msg[i]].decode("ascii", "replace"))
        i += 1 + msg[i]
    return ".".join(labels), struct.unpack("!H", msg[i + 1:i + 3])[0], i + 5


def answer(msg):
    name, qtype, end = qname_of(msg)
    addr = NAMES.get(name.lower().rstrip("."))
    ok = addr is not None and qtype == 1
    head = msg[:2] + struct.pack("!HHHHH", 0x8180 if addr else 0x8183, 1, 1 if ok else 0, 0, 0)
    body = msg[12:end]
    if ok:
        body += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(addr)
    return name, qtype, head + body


class Dns(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        name, qtype, reply = answer(data)
        log(server="dns", peer=self.client_address[0], qname=name, qtype=qtype)
        sock.sendto(reply, self.client_address)


def tls_server(handler, addr, port, alpn=("http/1.1",)):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(CERT, KEY)
    ctx.set_alpn_protocols(list(alpn))
    srv = socketserver.ThreadingTCPServer((addr, port), handler, bind_and_activate=False)
    srv.allow_reuse_address = True
    srv.daemon_threads = True
    srv.server_bind()
    srv.server_activate()
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    return srv


def read_http(f):
    line = f.readline().decode("latin-1").strip()
    headers = {}
    while True:
        h = f.readline().decode("latin-1").strip()
        if not h:
            break
        k, _, v = h.partition(":")
        headers[k.strip().lower()] = v.strip()
    body = f.read(int(headers.get("content-length", "0"))) if "content-length" in headers else b""
    return line, headers, body


class Doh(socketserver.StreamRequestHandler):
    def handle(self):
        line, headers, body = read_http(self.rfile)
        method, target = line.split(" ")[:2]
        if method == "GET" and "dns=" in target:
            b64 = target.split("dns=", 1)[1].split("&")[0]
            body = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        name, qtype, reply = answer(body)
        log(server="doh", peer=self.client_address[0], host=headers.get("host"), method=method,
            target=target.split("?")[0], qname=name, qtype=qtype)
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\nContent-Length: %d\r\n"
                         b"Connection: close\r\n\r\n" % len(reply) + reply)


class Dot(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            n = self.rfile.read(2)
            if len(n) < 2:
                return
            msg = self.rfile.read(struct.unpack("!H", n)[0])
            name, qtype, reply = answer(msg)
            log(server="dot", peer=self.client_address[0], qname=name, qtype=qtype)
            self.wfile.write(struct.pack("!H", len(reply)) + reply)
            self.wfile.flush()


class Origin(socketserver.StreamRequestHandler):
    def handle(self):
        line, headers, _ = read_http(self.rfile)
        log(server="origin", peer=self.client_address[0], host=headers.get("host"), request=line)
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")


class Socks(socketserver.StreamRequestHandler):
    def handle(self):
        r = self.rfile
        ver, n = r.read(2)
        r.read(n)
        self.wfile.write(b"\x05\x00")
        _, cmd, _, atyp = r.read(4)
        if atyp == 1:
            host = socket.inet_ntoa(r.read(4))
        elif atyp == 3:
            host = r.read(r.read(1)[0]).decode("ascii")
        else:
            host = socket.inet_ntop(socket.AF_INET6, r.read(16))
        port = struct.unpack("!H", r.read(2))[0]
        target = NAMES.get(host, host)
        log(server="socks", peer=self.client_address[0], atyp={1: "ipv4", 3: "domain", 4: "ipv6"}[atyp], host=host,
            port=port)
        # from the proxy's own address, so the capture filter can leave out the proxy's upstream leg (the lab
        # captures on the client's side only)
        up = socket.create_connection((target, port), timeout=5, source_address=("10.53.0.2", 0))
        self.wfile.write(b"\x05\x00\x00\x01" + socket.inet_aton("10.53.0.2") + struct.pack("!H", 1080))
        self.wfile.flush()

        def pump(src, dst):
            try:
                while True:
                    b = src.recv(65536)
                    if not b:
                        break
                    dst.sendall(b)
            except OSError:
                pass
            finally:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
        t = threading.Thread(target=pump, args=(up, self.connection), daemon=True)
        t.start()
        pump(self.connection, up)
        t.join(5)


def main():
    servers = [socketserver.ThreadingUDPServer(("10.53.0.53", 53), Dns),
               tls_server(Doh, "10.53.0.8", 443), tls_server(Dot, "10.53.0.9", 853, alpn=("dot",)),
               tls_server(Origin, "10.53.0.80", 443)]
    socks = socketserver.ThreadingTCPServer(("10.53.0.2", 1080), Socks)
    socks.daemon_threads = True
    servers.append(socks)
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("ready", flush=True)
    time.sleep(float(sys.argv[4]) if len(sys.argv) > 4 else 60)


main()
