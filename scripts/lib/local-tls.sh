# shellcheck shell=bash disable=SC2034 # the LOCAL_TLS_* variables are the caller's to read
# A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost, for
# scripts/bench (source this file; it runs nothing by itself). Made with openssl in a dir the
# caller removes; nothing here is ever committed or reused across runs.
#
# The leaf's key is RSA 2048, as most public endpoints serve (KakaoCloud's and most Vault
# servers behind a public CA among them): the handshake then costs what it costs there. The
# CA is RSA 2048 too, and the server sends the leaf alone (no intermediate).

LOCAL_TLS_NAME="${LOCAL_TLS_NAME:-local-tls}"
LOCAL_TLS_CA=""     # the CA's certificate (PEM): what VAULT_CACERT names
LOCAL_TLS_CERT=""   # the server's certificate (PEM), signed by that CA
LOCAL_TLS_KEY=""    # the server's private key (PEM, 0600)
LOCAL_TLS_BUNDLE="" # a copy of the system's CA bundle plus the CA: what SSL_CERT_FILE names

# The system's CA bundle (Debian's ca-certificates).
LOCAL_TLS_SYSTEM_BUNDLE="${LOCAL_TLS_SYSTEM_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

local_tls_say() { echo "$LOCAL_TLS_NAME: $*" >&2; }

# local_tls_make DIR NAME: a CA named NAME, the server's certificate and key, and the bundle,
# in DIR. The CA's key is deleted once it has signed: nothing else is ever signed with it.
local_tls_make() {
  local dir="$1" name="$2"
  (umask 077 && mkdir -p "$dir")
  [ -s "$LOCAL_TLS_SYSTEM_BUNDLE" ] ||
    { local_tls_say "no system CA bundle at $LOCAL_TLS_SYSTEM_BUNDLE (package ca-certificates)"; return 1; }
  (
    umask 077
    set -e
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=$name" \
      -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=127.0.0.1" \
      -keyout "$dir/server-key.pem" -out "$dir/server.csr"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
      "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$dir/server.ext"
    openssl x509 -req -sha256 -days 2 -in "$dir/server.csr" -CA "$dir/ca.pem" \
      -CAkey "$dir/ca-key.pem" -CAcreateserial -extfile "$dir/server.ext" -out "$dir/server.pem"
    rm -f "$dir/ca-key.pem" "$dir/ca.srl" "$dir/server.csr" "$dir/server.ext"
    cat "$LOCAL_TLS_SYSTEM_BUNDLE" "$dir/ca.pem" >"$dir/bundle.pem"
  ) >"$dir/openssl.log" 2>&1 || {
    cat "$dir/openssl.log" >&2
    local_tls_say "openssl could not make the certificates"
    return 1
  }
  LOCAL_TLS_CA="$dir/ca.pem"
  LOCAL_TLS_CERT="$dir/server.pem"
  LOCAL_TLS_KEY="$dir/server-key.pem"
  LOCAL_TLS_BUNDLE="$dir/bundle.pem"
}
