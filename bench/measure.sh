#!/usr/bin/env bash
# The part of scripts/bench that runs on its private D-Bus session bus (run scripts/bench, not
# this): starts the keyring and a real Keystone (plain HTTP and HTTPS listeners), an OpenBao
# dev server (the same), sets up an isolated kcred, measures, writes the report, and stops what
# it started.
set -euo pipefail
umask 077 # every file below may hold a secret or a token

root="$KCRED_BENCH_ROOT"
work="$KCRED_BENCH_WORK"
runs="$KCRED_BENCH_RUNS"
ks_bin="$KCRED_BENCH_KEYSTONE_VENV/bin"
osc_bin="$KCRED_BENCH_OSC_VENV/bin/openstack"
build="${KCRED_BENCH_PROFILE:-release}" # target/debug with KCRED_BENCH_PROFILE=debug
kcred="$root/target/$build/kcred"
out="$root/target/bench"
contention_rounds=5 # rounds of each contention case
fleet_machines=4    # machines of the shared-profile contention case
stampede_processes=32 # processes of a stampede round, on one machine or spread out
stampede_machines=8   # machines of the spread-out stampede

say() { echo "scripts/bench: $*" >&2; }
# shellcheck disable=SC2034 # read by the library
LOCAL_IAM_NAME=scripts/bench
# shellcheck source=scripts/lib/local-iam.sh
. "$root/scripts/lib/local-iam.sh"
# shellcheck disable=SC2034 # read by the library
LOCAL_VAULT_NAME=scripts/bench
# shellcheck source=scripts/lib/local-vault.sh
. "$root/scripts/lib/local-vault.sh"
LOCAL_VAULT_BIN="$KCRED_BENCH_BAO" # installed by scripts/bench
# shellcheck disable=SC2034 # read by the library
LOCAL_TLS_NAME=scripts/bench
# shellcheck source=scripts/lib/local-tls.sh
. "$root/scripts/lib/local-tls.sh"

rm -rf "$out"
mkdir -p "$out" "$work/keyring" "$work/home" "$work/peers"
: >"$out/meta.txt"
meta() { printf '%s=%s\n' "$1" "$2" >>"$out/meta.txt"; }

# --- The machine and the versions ----------------------------------------------------------
# Asked first, while HOME is still the caller's (rustup finds its toolchains there).
meta build "$build"
meta date "$(date -u +%Y-%m-%d)"
meta nproc "$(nproc)"
meta cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta mem_kib "$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)"
meta os "$(. /etc/os-release && echo "$PRETTY_NAME")"
meta kernel "$(uname -sr)"
meta kcred "$("$kcred" --version)"
meta commit "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (with uncommitted changes)')"
meta rustc "$(rustc --version)"
meta hyperfine "$(hyperfine --version)"
meta curl "$(curl --version | head -1 | cut -d' ' -f1-2)"
meta libsecret "$(dpkg-query -W -f '${Package} ${Version}' libsecret-tools 2>/dev/null || echo unknown)"
meta gnome_keyring "$(dpkg-query -W -f '${Package} ${Version}' gnome-keyring 2>/dev/null || echo unknown)"
meta keystone "keystone $("$ks_bin/python" -c 'import importlib.metadata as m; print(m.version("keystone"))')"
meta openstackclient "python-openstackclient $("$KCRED_BENCH_OSC_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("python-openstackclient"))')"
meta python "$(python3 --version)"
meta openbao "$("$LOCAL_VAULT_BIN" version | cut -d' ' -f1-2)"
meta openssl "$(openssl version | cut -d' ' -f1-2)"
meta fleet_machines "$fleet_machines"
meta runs "$runs"
meta contention_rounds "$contention_rounds"
meta stampede_processes "$stampede_processes"
meta stampede_machines "$stampede_machines"

# --- Stopping what this script starts ------------------------------------------------------
pids=() # the kcred processes of a contention round
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local_vault_stop
  local_iam_stop 0 # Keystone (and its dir) and the keyring daemon; the bus is scripts/bench's
}
trap stop_all EXIT

# --- The keyring, and Keystone with KakaoCloud's rules (scripts/lib/local-iam.sh) -----------
# gnome-keyring keeps its files in a throwaway dir, never in the user's own keyring, and is
# unlocked with a throwaway password, as scripts/test does it. Keystone's files live in a dir
# named kcred-keystone-*: should this script be killed outright, the server
# (tests/keystone/kcred_keystone.py) sees its parent gone, removes that dir and stops.
local_iam_start_keyring "$work/keyring" kcred-bench
local_iam_start_keystone "$KCRED_BENCH_KEYSTONE_VENV" "$root" "$(mktemp -d -t kcred-keystone-XXXXXX)"
ks="$LOCAL_IAM_DIR"
endpoint="$LOCAL_IAM_ENDPOINT"
say "Keystone on $endpoint"

# --- TLS: certificates of the run's own, and a second listener of the same Keystone --------
# Throwaway CAs and server certificates for 127.0.0.1 (RSA 2048, as most public endpoints
# serve; scripts/lib/local-tls.sh), in the work dir: one for Keystone, one for Vault, so that
# each trust setting is the only way to its server. The HTTPS cases trust them as users would:
# Keystone's through SSL_CERT_FILE (the system's CA setting, which rustls-platform-verifier
# honours on Linux) for kcred and --cacert for curl, both of the same bundle: a copy of the
# system's bundle plus the CA, so each loads what a real machine loads; Vault's through
# VAULT_CACERT (below). The HTTPS Keystone is a second gunicorn of the same Keystone (its
# database and Fernet keys): a token from either is valid at both.
local_tls_make "$work/tls-keystone" "kcred bench Keystone CA"
tls_ca="$LOCAL_TLS_CA"
tls_bundle="$LOCAL_TLS_BUNDLE"
meta tls_bundle_certs "$(grep -c 'BEGIN CERTIFICATE' "$tls_bundle")"
local_iam_start_keystone_tls "$LOCAL_TLS_CERT" "$LOCAL_TLS_KEY" "$tls_ca"
local_tls_make "$work/tls-vault" "kcred bench Vault CA"
vault_ca="$LOCAL_TLS_CA"
endpoint_tls="$LOCAL_IAM_TLS_ENDPOINT"
say "Keystone over TLS on $endpoint_tls"

# --- A project, a member user and an IAM access key (see new_account in keystone.rs) --------
local_iam_new_account bench
key_id="$LOCAL_IAM_KEY_ID"
key_secret="$LOCAL_IAM_KEY_SECRET"
bench_secret="$key_secret"
unset LOCAL_IAM_KEY_SECRET

# --- An isolated kcred ---------------------------------------------------------------------
# Its own home and XDG dirs, and its own keyring service name; the secret goes in on stdin.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
export XDG_DATA_HOME="$work/home/.local/share" KCRED_KEYRING_SERVICE=kcred-bench
unset KAKAOCLOUD_ACCESS_KEY_ID KAKAOCLOUD_ACCESS_KEY_NAME KAKAOCLOUD_ACCESS_KEY_SECRET \
  KAKAOCLOUD_USER_ID KAKAOCLOUD_IAM_ENDPOINT KCRED_STORE KCRED_PROFILE \
  OS_APPLICATION_CREDENTIAL_ID OS_APPLICATION_CREDENTIAL_NAME OS_APPLICATION_CREDENTIAL_SECRET \
  OS_USER_ID OS_AUTH_URL
# Nor the caller's Vault settings: VAULT_TOKEN would win over the AppRole login measured below.
unset VAULT_ADDR VAULT_TOKEN VAULT_NAMESPACE VAULT_CACERT KCRED_VAULT_ROLE_ID KCRED_VAULT_SECRET_ID \
  KCRED_VAULT_JWT_ROLE KCRED_VAULT_JWT KCRED_VAULT_MOUNT KCRED_VAULT_PREFIX \
  KCRED_VAULT_APPROLE_MOUNT KCRED_VAULT_JWT_MOUNT
printf '%s\n' "$key_secret" | "$kcred" profile add bench --endpoint "$endpoint" \
  --access-key-id "$key_id" --secret-stdin >/dev/null 2>"$work/profile-add.log" \
  || { cat "$work/profile-add.log" >&2; exit 1; }
"$kcred" token >/dev/null # the cache is warm from here on
# The same key as a second profile, at the HTTPS endpoint (a profile of its own: --endpoint
# would turn the cache off).
printf '%s\n' "$key_secret" | SSL_CERT_FILE="$tls_bundle" "$kcred" profile add bench-tls \
  --endpoint "$endpoint_tls" --access-key-id "$key_id" --secret-stdin >/dev/null \
  2>"$work/profile-add-tls.log" || { cat "$work/profile-add-tls.log" >&2; exit 1; }
SSL_CERT_FILE="$tls_bundle" "$kcred" --profile bench-tls token >/dev/null
# The trust comes from SSL_CERT_FILE and nothing else: without it, the handshake must fail.
if env -u SSL_CERT_FILE "$kcred" --profile bench-tls token --no-cache >/dev/null 2>&1; then
  say "kcred trusted the run's CA without SSL_CERT_FILE: the TLS cases would not measure what they say"
  exit 1
fi

# A token issued by either listener must be valid at the other (one Keystone, two doors):
# validated with GET /v3/auth/tokens, the token in a 0600 header file, never in argv.
# valid_at ENDPOINT TOKEN_FILE: whether that listener accepts the token.
valid_at() {
  printf 'X-Subject-Token: %s\n' "$(<"$2")" >"$work/subject.hdr"
  curl -sf -o /dev/null --cacert "$tls_ca" -H "@$ks/admin.hdr" -H "@$work/subject.hdr" \
    "$1/auth/tokens"
  local ok=$?
  rm -f "$work/subject.hdr"
  return "$ok"
}
"$kcred" token --no-cache >"$work/token-plain"
SSL_CERT_FILE="$tls_bundle" "$kcred" --profile bench-tls token --no-cache >"$work/token-tls"
if ! valid_at "$endpoint_tls" "$work/token-plain" || ! valid_at "$endpoint" "$work/token-tls"; then
  say "a token of one Keystone listener is not valid at the other"
  exit 1
fi
rm -f "$work/token-plain" "$work/token-tls"

# --- The peers' credentials ----------------------------------------------------------------
# curl reads the same request body kcred sends from a 0600 file. The OpenStack client reads
# the key from OS_* variables set by a two-line wrapper: not on a command line, and not in
# kcred's environment (where OS_APPLICATION_CREDENTIAL_* would replace the profile).
printf '{"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"%s","secret":"%s"}}}}' \
  "$key_id" "$key_secret" >"$work/peers/token-request.json"
cat >"$work/peers/openstack.env" <<ENV
export OS_AUTH_TYPE=v3applicationcredential OS_AUTH_URL='$endpoint' OS_IDENTITY_API_VERSION=3
export OS_APPLICATION_CREDENTIAL_ID='$key_id' OS_APPLICATION_CREDENTIAL_SECRET='$key_secret'
ENV
printf '#!/bin/sh\n. "%s"\nexec "%s" "$@"\n' "$work/peers/openstack.env" "$osc_bin" >"$work/peers/openstack"
chmod 700 "$work/peers/openstack"
osc="$work/peers/openstack"
unset key_secret
curl_token=(curl -sf -o /dev/null -H Content-Type:application/json
  --data "@$work/peers/token-request.json" "$endpoint/auth/tokens")
curl_token_tls=(curl -sf -o /dev/null --cacert "$tls_bundle" -H Content-Type:application/json
  --data "@$work/peers/token-request.json" "$endpoint_tls/auth/tokens")

# --- A shared profile on OpenBao (scripts/lib/local-vault.sh) ------------------------------
# A dev server (in memory) with kcred's runner and operator policies; the shared profile `ci`
# has an IAM access key of its own project, added by the operator as the guide (docs/guide.md) shows. The
# server has a second listener that speaks HTTPS with a certificate of the run's Vault CA
# (kcred trusts it through VAULT_CACERT, as Vault's own clients do), and a file audit device: every request is
# a line of $work/vault/audit.log, which tells what a stampede round asked of Vault.
# shellcheck disable=SC2034 # read by the library
LOCAL_VAULT_TLS_CERT="$LOCAL_TLS_CERT" LOCAL_VAULT_TLS_KEY="$LOCAL_TLS_KEY" LOCAL_VAULT_TLS_CA="$vault_ca"
local_vault_start "$work/vault" "$root"
vault_addr="$LOCAL_VAULT_ADDR"
vault_tls_addr="$LOCAL_VAULT_TLS_ADDR"
vault_audit="$LOCAL_VAULT_AUDIT_LOG"
say "OpenBao on $vault_addr and, over TLS, on $vault_tls_addr"
local_vault_token kcred-runner "$work/vault/runner-token"
local_vault_token kcred-operator "$work/vault/operator-token"
local_vault_approle "$work/vault/role-id" "$work/vault/secret-id"
runner_token=$(<"$work/vault/runner-token")
operator_token=$(<"$work/vault/operator-token")
role_id=$(<"$work/vault/role-id")
secret_id=$(<"$work/vault/secret-id")
# machine_env NAME LOGIN [TRANSPORT]: makes this (sub)shell one machine of the fleet: a HOME
# and XDG dirs of its own and a keyring service name of its own (the kernel keyring is the
# user's, and a machine keeps its Vault login and its token proofs there), so no local state is
# shared; the shared store, and LOGIN's credentials in its environment: runner (a runner-policy
# token in VAULT_TOKEN), approle (an AppRole login, kept per machine), both (the two: VAULT_TOKEN
# wins; `env -u VAULT_TOKEN` leaves the AppRole login) or operator. TRANSPORT tls (default:
# plain) is Vault's HTTPS listener, with its CA in VAULT_CACERT and Keystone's bundle in
# SSL_CERT_FILE (for the HTTPS Keystone).
machine_env() {
  local m="$work/machines/$1"
  mkdir -p "$m/.config" "$m/.cache" "$m/.local/share"
  export HOME="$m" XDG_CONFIG_HOME="$m/.config" XDG_CACHE_HOME="$m/.cache"
  export XDG_DATA_HOME="$m/.local/share" KCRED_STORE=vault VAULT_ADDR="$vault_addr"
  export KCRED_KEYRING_SERVICE="kcred-bench-$1"
  case "$2" in
    runner) export VAULT_TOKEN="$runner_token" ;;
    operator) export VAULT_TOKEN="$operator_token" ;;
    approle) export KCRED_VAULT_ROLE_ID="$role_id" KCRED_VAULT_SECRET_ID="$secret_id" ;;
    both)
      export VAULT_TOKEN="$runner_token" KCRED_VAULT_ROLE_ID="$role_id"
      export KCRED_VAULT_SECRET_ID="$secret_id"
      ;;
  esac
  if [ "${3:-plain}" = tls ]; then
    export VAULT_ADDR="$vault_tls_addr" VAULT_CACERT="$vault_ca" SSL_CERT_FILE="$tls_bundle"
  fi
}
# machine NAME LOGIN [TRANSPORT] COMMAND...: COMMAND (a program or a function) on that machine.
machine() {
  local name="$1" login="$2" transport=plain
  shift 2
  case "${1:-}" in plain | tls) transport="$1" && shift ;; esac
  (machine_env "$name" "$login" "$transport" && "$@")
}
local_iam_new_account ci
printf '%s\n' "$LOCAL_IAM_KEY_SECRET" | machine operator operator "$kcred" profile add ci \
  --endpoint "$endpoint" --access-key-id "$LOCAL_IAM_KEY_ID" --secret-stdin --store vault \
  >/dev/null 2>"$work/profile-add-ci.log" || { cat "$work/profile-add-ci.log" >&2; exit 1; }
# The same key as a second shared profile at the HTTPS Keystone, added over HTTPS to Vault.
printf '%s\n' "$LOCAL_IAM_KEY_SECRET" | machine operator operator tls "$kcred" profile add ci-tls \
  --endpoint "$endpoint_tls" --access-key-id "$LOCAL_IAM_KEY_ID" --secret-stdin --store vault \
  >/dev/null 2>"$work/profile-add-ci-tls.log" || { cat "$work/profile-add-ci-tls.log" >&2; exit 1; }
unset LOCAL_IAM_KEY_SECRET
machine m1 runner "$kcred" --profile ci token >/dev/null # the shared cache is warm from here on
machine m1 runner tls "$kcred" --profile ci-tls token >/dev/null
# Nor does Vault's HTTPS listener work without VAULT_CACERT.
if machine m1 runner tls env -u VAULT_CACERT "$kcred" --profile ci-tls token >/dev/null 2>&1; then
  say "kcred trusted Vault's certificate without VAULT_CACERT"
  exit 1
fi

# --- Reading Keystone's access log ---------------------------------------------------------
# How many tokens Keystone has issued so far: local_iam_posts. Once a marker request made after
# the others is in the access log, every earlier one is too (local_iam_mark).
posts() { local_iam_posts; }
log_settled() { local_iam_mark "bench-$1" >/dev/null; }
# The same for the HTTPS listener, whose access log is its own.
posts_tls() { local_iam_posts tls; }
log_settled_tls() { local_iam_mark "bench-$1" tls >/dev/null; }

# --- Timings -------------------------------------------------------------------------------
# hf NAME COMMAND...: the commands side by side, each run without a shell (-N), so only the
# program itself is timed. hyperfine stops the script if a command fails.
hf() {
  local name="$1"
  shift
  say "measuring $name ($runs runs a command)"
  hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$out/$name.json" "$@" \
    >>"$out/hyperfine.log" 2>&1 || { tail -20 "$out/hyperfine.log" >&2; exit 1; }
}
meta load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
# The floor is one Secret Service lookup (of the profile's secret: the token itself is in the
# kernel keyring where there is one).
hf warm "$kcred token" "secret-tool lookup service kcred-bench username profile/bench/access-key-secret"
cold_from=$(($(wc -l <"$ks/access.log") + 1))
hf cold "$kcred token --no-cache" "${curl_token[*]}" "$osc token issue"
# Keystone's side of the cold case: its access-log lines, whose user agent says which client.
log_settled cold
tail -n "+$cold_from" "$ks/access.log" >"$out/access-cold.log"
# The cold token over TLS, next to its plain-HTTP twin, kcred and curl: every command of the
# run gets the same bundle in SSL_CERT_FILE (kcred loads its roots from it, plain HTTP or not;
# curl over HTTPS is given it with --cacert), so the twins differ by the TLS connection alone.
# Keystone's time is taken out as above, from each listener's own access log.
cold_plain_from=$(($(wc -l <"$ks/access.log") + 1))
cold_tls_from=$(($(wc -l <"$ks/access-tls.log") + 1))
# shellcheck disable=SC2030 # on purpose: SSL_CERT_FILE for this run only
(export SSL_CERT_FILE="$tls_bundle" && hf cold-tls "$kcred token --no-cache" \
  "$kcred --profile bench-tls token --no-cache" "${curl_token[*]}" "${curl_token_tls[*]}") || exit 1
log_settled cold-tls
log_settled_tls cold-tls
tail -n "+$cold_plain_from" "$ks/access.log" >"$out/access-cold-tls-plain.log"
tail -n "+$cold_tls_from" "$ks/access-tls.log" >"$out/access-cold-tls.log"
hf startup "$kcred --version" "true"
# Where a warm token comes from: the kernel keyring (the default on Linux) against the Secret
# Service (KCRED_TOKEN_CACHE=store, a second profile of the same key so that the two never
# move each other's token), against the process-start floor and `keyctl pipe` of the same key.
# Every command goes through `env`, so each pays the same extra exec.
if command -v keyctl >/dev/null 2>&1 \
  && kernel_key=$(keyctl search @u user "kcred-bench:profile/bench/token" 2>/dev/null); then
  printf '%s\n' "$bench_secret" | KCRED_TOKEN_CACHE=store "$kcred" profile add bench-ss \
    --endpoint "$endpoint" --access-key-id "$key_id" --secret-stdin >/dev/null 2>&1
  KCRED_TOKEN_CACHE=store "$kcred" --profile bench-ss token >/dev/null
  hf kernel "env $kcred token" "env KCRED_TOKEN_CACHE=store $kcred --profile bench-ss token" \
    "env $kcred --version" "env keyctl pipe $kernel_key"
  meta keyutils "$(keyctl --version 2>&1 | head -1)"
else
  say "not measured: the kernel keyring (no keyctl, or kcred kept the token elsewhere)"
fi
if "$kcred" iam-key list --help >/dev/null 2>&1; then
  hf listing "$kcred iam-key list" "$osc application credential list"
else
  say "not measured: kcred iam-key list (command not available)"
fi
# The registry helper: `docker build` and skopeo run `get` for every configured host, several
# times a run. Against kcred's start-up (target: at most 2×, as `get` reads one keyring entry)
# and Debian's Secret Service helper reading the same secret (target: faster). The request
# comes on stdin, so each of the three runs through one `sh -c`.
helper="$root/target/$build/docker-credential-kcred"
registry_host=bench.registry.example
if [ -x "$helper" ] && command -v docker-credential-secretservice >/dev/null 2>&1; then
  "$kcred" registry configure "$registry_host" --yes >/dev/null 2>"$work/registry.log" \
    || { cat "$work/registry.log" >&2; exit 1; }
  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\n' "$registry_host" "$key_id" \
    "$bench_secret" | docker-credential-secretservice store
  hf registry "sh -c 'printf $registry_host | $helper get'" "sh -c '$kcred --version'" \
    "sh -c 'printf $registry_host | docker-credential-secretservice get'"
  meta secretservice_helper "$(docker-credential-secretservice version 2>&1 | head -1)"
else
  say "not measured: docker-credential-kcred get (no helper binary, or no docker-credential-secretservice)"
fi
# Before and after a change (KCRED_BENCH_BEFORE=REV): the earlier build's warm paths beside
# this one's, in one stretch of the same run, on the same home, keyring and cache. Measured
# twice, this build first and then the earlier one first: whichever runs first in a case is
# often a little slower, and the report takes the geometric mean of the two orders' ratios.
if [ -n "${KCRED_BENCH_BEFORE_DIR:-}" ] && [ -n "${KCRED_BENCH_AFTER_DIR:-}" ] && [ -x "$helper" ]; then
  before="$KCRED_BENCH_BEFORE_DIR"
  after="$KCRED_BENCH_AFTER_DIR"
  "$before/kcred" token >/dev/null
  hf before-after "$after/kcred token" "$before/kcred token" \
    "$after/kcred --version" "$before/kcred --version" \
    "sh -c 'printf $registry_host | $after/docker-credential-kcred get'" \
    "sh -c 'printf $registry_host | $before/docker-credential-kcred get'"
  hf after-before "$before/kcred token" "$after/kcred token" \
    "$before/kcred --version" "$after/kcred --version" \
    "sh -c 'printf $registry_host | $before/docker-credential-kcred get'" \
    "sh -c 'printf $registry_host | $after/docker-credential-kcred get'"
  meta before "$(cat "$before/commit")"
fi
meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- Shared profiles: the warm token --------------------------------------------------------
# The OS keyring's warm token again, next to the shared ones, so all three share one stretch
# of the machine's load. A local copy of the shared token would cost that keyring read plus the
# HTTP client and one Vault read of the profile (to see a rotation): kcred's request log (-v)
# gives each read's own time.
meta shared_load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
hf shared-keyring "$kcred token"
machine m1 runner hf shared-token "$kcred --profile ci token"
machine m1 approle hf shared-approle "$kcred --profile ci token"
# The warm shared token over TLS (Vault's HTTPS listener), next to its plain-HTTP twin, with
# VAULT_TOKEN and with the AppRole login kept on the machine, and the start-up floor. Every
# command runs through `env` (the address differs), so each pays the same extra exec; all have
# the same VAULT_CACERT and SSL_CERT_FILE, so they load the same roots. Last, the floor of the
# warm path: one curl making the same two Vault reads over TLS (the profile, then the cached
# token, on one connection), the runner token from a 0600 header file (never argv).
machine m1 both tls "$kcred" --profile ci-tls token >/dev/null
printf 'X-Vault-Token: %s\n' "$runner_token" >"$work/vault/runner-header"
vault_reads_tls=(curl -sf --cacert "$vault_ca" -H "@$work/vault/runner-header"
  -o /dev/null "$vault_tls_addr/v1/secret/data/kcred/profiles/ci-tls"
  -o /dev/null "$vault_tls_addr/v1/secret/data/kcred/cache/tokens/ci-tls")
"${vault_reads_tls[@]}" || { say "curl could not make the warm path's two Vault reads"; exit 1; }
machine m1 both tls hf shared-tls \
  "env VAULT_ADDR=$vault_addr $kcred --profile ci token" \
  "env VAULT_ADDR=$vault_tls_addr $kcred --profile ci-tls token" \
  "env -u VAULT_TOKEN VAULT_ADDR=$vault_addr $kcred --profile ci token" \
  "env -u VAULT_TOKEN VAULT_ADDR=$vault_tls_addr $kcred --profile ci-tls token" \
  "env $kcred --version" \
  "env ${vault_reads_tls[*]}"
for _ in $(seq 1 "$runs"); do
  machine m1 runner "$kcred" -v --profile ci token 2>&1 >/dev/null | grep '^kcred: GET ' || true
done >"$out/shared-requests.log"
meta shared_load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
keyring_alive() { local_iam_keyring_alive; }
keyring_pid="$LOCAL_IAM_KEYRING_PID"
# A keyring daemon that died and was replaced would have timed something else.
keyring_alive || { say "gnome-keyring-daemon $keyring_pid died during the timings"; exit 1; }

# --- Contention ----------------------------------------------------------------------------
# N `kcred token` at once on an empty cache must cost Keystone one issuance: the others wait
# on the cache's lock and take the token the first one cached.
: >"$out/contention.txt"
for n in 8 32; do
  say "measuring contention: $n parallel kcred token, $contention_rounds rounds"
  for round in $(seq 1 "$contention_rounds"); do
    "$kcred" token forget >/dev/null 2>&1
    log_settled "$n-$round-before"
    before=$(posts)
    pids=()
    started=$EPOCHREALTIME
    for i in $(seq 1 "$n"); do
      "$kcred" token >"$work/contention-$i.out" 2>"$work/contention-$i.err" &
      pids+=($!)
    done
    failed=0
    for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
    ended=$EPOCHREALTIME
    pids=()
    log_settled "$n-$round-after"
    after=$(posts)
    # All N must have printed the same token.
    distinct=$(cat "$work"/contention-*.out | sort -u | wc -l)
    wall_ms=$(python3 -c "print(round(($ended - $started) * 1000, 1))")
    echo "$n $round $((after - before)) $wall_ms $failed $distinct" >>"$out/contention.txt"
    rm -f "$work"/contention-*.out "$work"/contention-*.err
  done
done
"$kcred" token >/dev/null

# --- Shared profiles: a fleet on an empty shared cache -------------------------------------
# N `kcred --profile ci token` on each of M machines at once, the shared cache emptied by the
# operator first: Keystone must see one issuance a round, however many machines.
: >"$out/contention-vault.txt"
for n in 4 8; do
  say "measuring shared contention: $n kcred token on each of $fleet_machines machines, $contention_rounds rounds"
  for round in $(seq 1 "$contention_rounds"); do
    machine operator operator "$kcred" --profile ci token forget >/dev/null 2>&1 || say "token forget failed (round $n-$round)"
    log_settled "vault-$n-$round-before"
    before=$(posts)
    pids=()
    started=$EPOCHREALTIME
    for m in $(seq 1 "$fleet_machines"); do
      for i in $(seq 1 "$n"); do
        # exec: the PID waited for (and stopped on exit) is kcred's.
        (machine_env "m$m" runner && exec "$kcred" --profile ci token) \
          >"$work/contention-$m-$i.out" 2>"$work/contention-$m-$i.err" &
        pids+=($!)
      done
    done
    failed=0
    for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
    ended=$EPOCHREALTIME
    pids=()
    log_settled "vault-$n-$round-after"
    after=$(posts)
    distinct=$(cat "$work"/contention-*.out | sort -u | wc -l)
    wall_ms=$(python3 -c "print(round(($ended - $started) * 1000, 1))")
    echo "$n $fleet_machines $round $((after - before)) $wall_ms $failed $distinct" >>"$out/contention-vault.txt"
    if [ "$failed" != 0 ]; then cat "$work"/contention-*.err >>"$out/contention-vault-errors.log"; fi
    rm -f "$work"/contention-*.out "$work"/contention-*.err
  done
done
machine m1 runner "$kcred" --profile ci token >/dev/null

# --- Shared profiles: a stampede, on one machine and spread over several -------------------
# 32 `kcred token` of a shared profile on an empty shared cache, all on ONE machine (they queue
# on its lock file) and 4 on each of 8 machines (they queue on Vault's lock record), in the same
# rounds, over TLS (Vault's and Keystone's HTTPS listeners) and then over plain HTTP. Counted
# a round: Keystone's issuances (its access log), failed processes, distinct tokens printed,
# the wall time, and Vault's requests from its audit log (one line a request, one a response).
# Each machine has made one call before (its local state, as a runner that ran jobs before).
: >"$out/stampede.txt"
per_machine=$((stampede_processes / stampede_machines))
# audit_counts FROM TO: the audit log's requests between two line numbers, by kind: "total
# logins lock_reads lock_writes cache_reads cache_writes profile_reads other".
audit_counts() {
  sed -n "$(($1 + 1)),$2p" "$vault_audit" | python3 -c '
import json, sys
n = dict.fromkeys(["total", "logins", "lock_reads", "lock_writes", "cache_reads",
                   "cache_writes", "profile_reads", "other"], 0)
for line in sys.stdin:
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("type") != "request":
        continue
    request = entry["request"]
    path, op = request.get("path", ""), request.get("operation", "")
    n["total"] += 1
    read = op == "read"
    if path.startswith("auth/") and path.endswith("/login"):
        n["logins"] += 1
    elif "/locks/" in path:
        n["lock_reads" if read else "lock_writes"] += 1
    elif "/cache/" in path:
        n["cache_reads" if read else "cache_writes"] += 1
    elif "/profiles/" in path and read:
        n["profile_reads"] += 1
    else:
        n["other"] += 1
print(" ".join(str(v) for v in n.values()))'
}
# stampede TRANSPORT MACHINES ROUND: one round of stampede_processes processes on MACHINES
# machines, appended to stampede.txt as "TRANSPORT MACHINES PER_MACHINE ROUND POSTS WALL_MS
# FAILED DISTINCT", the audit counts, the token proofs (Keystone's GET /v3/auth/tokens: each
# machine proves a token it did not issue itself, once) and Keystone's own time for them (ms).
stampede() {
  local transport="$1" machines="$2" round="$3" profile=ci per
  per=$((stampede_processes / machines))
  if [ "$transport" = tls ]; then profile=ci-tls; fi
  machine operator operator "$transport" "$kcred" --profile "$profile" token forget >/dev/null 2>&1 \
    || say "token forget failed (stampede $transport $machines-$round)"
  settle_stampede "$transport" "$machines-$round-before"
  local before audit_from after audit_to started ended failed=0 distinct wall_ms m i pid
  before=$(stampede_posts "$transport")
  local proofs_before proofs_after log_from
  proofs_before=$(local_iam_validations "$transport")
  log_from=$(local_iam_log_lines "$transport")
  audit_from=$(wc -l <"$vault_audit")
  pids=()
  started=$EPOCHREALTIME
  for m in $(seq 1 "$machines"); do
    for i in $(seq 1 "$per"); do
      (machine_env "st-$transport-$machines-$m" runner "$transport" && exec "$kcred" --profile "$profile" token) \
        >"$work/stampede-$m-$i.out" 2>"$work/stampede-$m-$i.err" &
      pids+=($!)
    done
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
  ended=$EPOCHREALTIME
  pids=()
  settle_stampede "$transport" "$machines-$round-after"
  after=$(stampede_posts "$transport")
  proofs_after=$(local_iam_validations "$transport")
  audit_to=$(wc -l <"$vault_audit")
  distinct=$(cat "$work"/stampede-*.out | sort -u | wc -l)
  wall_ms=$(python3 -c "print(round(($ended - $started) * 1000, 1))")
  echo "$transport $machines $per $round $((after - before)) $wall_ms $failed $distinct $(audit_counts "$audit_from" "$audit_to") $((proofs_after - proofs_before)) $(local_iam_validation_ms "$transport" "$log_from")" >>"$out/stampede.txt"
  if [ "$failed" != 0 ]; then cat "$work"/stampede-*.err >>"$out/stampede-errors.log"; fi
  rm -f "$work"/stampede-*.out "$work"/stampede-*.err
}
stampede_posts() { if [ "$1" = tls ]; then posts_tls; else posts; fi; }
settle_stampede() { if [ "$1" = tls ]; then log_settled_tls "stampede-$2"; else log_settled "stampede-$2"; fi; }
for transport in tls plain; do
  profile=ci
  if [ "$transport" = tls ]; then profile=ci-tls; fi
  for machines in 1 "$stampede_machines"; do
    for m in $(seq 1 "$machines"); do
      machine "st-$transport-$machines-$m" runner "$transport" "$kcred" --profile "$profile" token >/dev/null
    done
  done
done
say "measuring the stampede: $stampede_processes kcred token on 1 machine and on $stampede_machines ($per_machine each), over TLS and plain HTTP, $contention_rounds rounds"
for round in $(seq 1 "$contention_rounds"); do
  for transport in tls plain; do
    stampede "$transport" 1 "$round"
    stampede "$transport" "$stampede_machines" "$round"
  done
done
machine m1 runner "$kcred" --profile ci token >/dev/null

# --- Peak memory and size ------------------------------------------------------------------
# The largest resident set (GNU time -v, "Maximum resident set size", KiB), median of 5 runs.
peak_kib() {
  local samples=()
  for _ in 1 2 3 4 5; do
    samples+=("$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }')")
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 3p
}
say "measuring peak memory"
{
  unset bench_secret
  echo "kcred_warm $(peak_kib "$kcred" token)"
  echo "kcred_cold $(peak_kib "$kcred" token --no-cache)"
  # shellcheck disable=SC2031 # on purpose: SSL_CERT_FILE for this command only
  echo "kcred_cold_tls $(export SSL_CERT_FILE="$tls_bundle" && peak_kib "$kcred" --profile bench-tls token --no-cache)"
  echo "kcred_version $(peak_kib "$kcred" --version)"
  echo "kcred_shared_warm $(machine m1 runner peak_kib "$kcred" --profile ci token)"
  echo "kcred_shared_approle $(machine m1 approle peak_kib "$kcred" --profile ci token)"
  echo "kcred_shared_warm_tls $(machine m1 runner tls peak_kib "$kcred" --profile ci-tls token)"
  echo "secret_tool $(peak_kib secret-tool lookup service kcred-bench username profile/bench/access-key-secret)"
  echo "curl $(peak_kib "${curl_token[@]}")"
  echo "curl_tls $(peak_kib "${curl_token_tls[@]}")"
  echo "openstack $(peak_kib "$osc" token issue)"
} >"$out/memory.txt"
meta binary_bytes "$(stat -c %s "$kcred")"
keyring_alive || { say "gnome-keyring-daemon $keyring_pid died during the run"; exit 1; }

python3 "$root/bench/report.py" "$out" | tee "$out/report.md"
