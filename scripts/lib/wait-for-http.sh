# shellcheck shell=bash
# wait_for_http URL PID SECONDS [CA_FILE]: waits until URL answers with a 2xx, at most SECONDS,
# and gives up at once when the server's process PID has died. An https URL is checked
# against CA_FILE when given. Returns 0 when it answered.
wait_for_http() {
  local url=$1 pid=$2 tries=$(($3 * 5)) ca=()
  if [ -n "${4:-}" ]; then ca=(--cacert "$4"); fi
  for _ in $(seq 1 "$tries"); do
    curl -sf "${ca[@]}" -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
