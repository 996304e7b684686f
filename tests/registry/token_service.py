"""A registry token service that authenticates the way KakaoCloud Container Registry does:
the Basic-auth pair is an IAM access key ID and secret, checked by issuing a Keystone token
with them (method 1). A valid pair gets a JWT for what it asked (distribution's "token"
auth); anything else gets 401.

Usage: token_service.py KEYSTONE_ENDPOINT KEY_PEM CERT_PEM ISSUER PORT_FILE TLS_CERT TLS_KEY
"""

import base64
import http.server
import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

keystone, key_file, cert_file, issuer, port_file, tls_cert, tls_key = sys.argv[1:8]
with open(key_file, "rb") as f:
    key = serialization.load_pem_private_key(f.read(), password=None)
with open(cert_file, "rb") as f:
    cert = x509.load_pem_x509_certificate(f.read())
cert_der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def key_is_valid(key_id, secret):
    body = json.dumps({"auth": {"identity": {
        "methods": ["application_credential"],
        "application_credential": {"id": key_id, "secret": secret},
    }}}).encode()
    request = urllib.request.Request(keystone.rstrip("/") + "/auth/tokens", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 201
    except urllib.error.HTTPError:
        return False


def jwt(subject, service, scopes):
    access = []
    for scope in scopes:
        kind, _, rest = scope.partition(":")
        name, _, actions = rest.rpartition(":")
        access.append({"type": kind, "name": name, "actions": actions.split(",")})
    now = int(time.time())
    header = {"typ": "JWT", "alg": "RS256", "x5c": [cert_der]}
    claims = {"iss": issuer, "sub": subject, "aud": service, "exp": now + 300,
              "nbf": now - 10, "iat": now, "jti": uuid.uuid4().hex, "access": access}
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(claims).encode())).encode()
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return signing_input.decode() + "." + b64url(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        pair = None
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                user, _, secret = base64.b64decode(header[6:]).decode().partition(":")
                pair = (user, secret)
            except ValueError:
                pair = None
        if url.path != "/token" or pair is None or not key_is_valid(*pair):
            self.answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": "access key refused"}]})
            print(f"401 {pair[0] if pair else '-'}", flush=True)
            return
        token = jwt(pair[0], query.get("service", [""])[0], query.get("scope", []))
        self.answer(200, {"token": token, "access_token": token, "expires_in": 300})
        print(f"200 {pair[0]}", flush=True)

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
# HTTPS, as a real registry's token service is: the clients send it the key's pair.
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(tls_cert, tls_key)
server.socket = tls.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_port))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
