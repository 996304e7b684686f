"""A stand-in Kubernetes API server for kcred's kubectl tests: HTTPS, and a bearer token is
accepted only when Keystone says it is valid and scoped to a project, as k8s-keystone-auth
decides (GET /v3/auth/tokens with X-Auth-Token and X-Subject-Token set to the token).

Usage: python3 apiserver.py KEYSTONE_ENDPOINT CERT KEY PORT_FILE
Serves until killed; writes its port to PORT_FILE once it listens, and one line per request
to stdout ("200 /api" or "401 /api").
"""

import http.server
import json
import os
import ssl
import sys
import urllib.error
import urllib.request

keystone, cert, key, port_file = sys.argv[1:5]


def keystone_says_valid(token):
    request = urllib.request.Request(
        keystone + "/auth/tokens",
        headers={"X-Auth-Token": token, "X-Subject-Token": token},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = json.load(answer)
    except urllib.error.HTTPError:
        return False
    # k8s-keystone-auth refuses unscoped tokens.
    return "project" in body.get("token", {})


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        if token and keystone_says_valid(token):
            status, body = 200, {
                "kind": "APIVersions",
                "versions": ["v1"],
                "serverAddressByClientCIDRs": [
                    {"clientCIDR": "0.0.0.0/0", "serverAddress": self.server.address}
                ],
            }
        else:
            status, body = 401, {
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Failure",
                "message": "Unauthorized",
                "reason": "Unauthorized",
                "code": 401,
            }
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        print(f"{status} {self.path}", flush=True)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.address = "127.0.0.1:%d" % server.server_port
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_port))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
