#!/usr/bin/env python3
"""Tiny module-proxy stand-in: logs each request line to LOG, answers by MODE:
404 (everything 404), 500 (everything 500), serve (serves .info/.mod for any module, 404 for the rest),
sumdb (like serve, and 200 for /sumdb/sum.golang.org/supported)."""
import http.server, sys, json
port, mode, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, 'a') as f:
            f.write(f"{port} {self.path}\n")
        body, code = b'', 404
        if mode == '500':
            code = 500
        elif mode in ('serve', 'sumdb'):
            if self.path.endswith('.info'):
                v = self.path.rsplit('/', 1)[1][:-5]
                code, body = 200, json.dumps({"Version": v, "Time": "2020-01-01T00:00:00Z"}).encode()
            elif self.path.endswith('.mod'):
                m = self.path[1:].split('/@v/')[0]
                code, body = 200, f"module {m}\n".encode()
            elif mode == 'sumdb' and self.path == '/sumdb/sum.golang.org/supported':
                code = 200
        self.send_response(code)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
http.server.HTTPServer(('127.0.0.1', port), H).serve_forever()
