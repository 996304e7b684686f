# shellcheck shell=bash
# wait_for_http URL PID SECONDS: waits until URL answers with a 2xx, at most SECONDS, and
# gives up at once when the server's process PID has died. Returns 0 when it answered.
wait_for_http() {
  local url=$1 pid=$2 tries=$(($3 * 5))
  for _ in $(seq 1 "$tries"); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
