#!/usr/bin/env bash
# Stop the test SLURM cluster started by slurm_up.sh [STATE_DIR].
# Only processes recorded in STATE_DIR/*.pid are stopped; logs are kept.
set -euo pipefail

STATE_DIR=${1:-/tmp/tunelab-slurm}

log() { printf '[slurm_down %s] %s\n' "$(date +%T)" "$*"; }

# pid_of NAME: print the pid from STATE_DIR/NAME.pid if that process is NAME
pid_of() {
    local pid
    pid=$(cat "$STATE_DIR/$1.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$1" ]] && echo "$pid"
}

stop() {
    local name=$1 pid i
    if ! pid=$(pid_of "$name"); then
        rm -f "$STATE_DIR/$name.pid"
        return 0
    fi
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        [[ -d /proc/$pid ]] || break
        sleep 0.1
    done
    if [[ -d /proc/$pid ]]; then
        log "$name did not exit; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE_DIR/$name.pid"
}

[[ $(id -u) == 0 ]] || { echo "slurm_down: must run as root" >&2; exit 1; }

if pid_of slurmctld >/dev/null; then
    mapfile -t jobs < <(squeue -h -o %A 2>/dev/null || true)
    if ((${#jobs[@]})); then
        log "cancelling jobs: ${jobs[*]}"
        scancel "${jobs[@]}" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            [[ -z $(squeue -h -t RUNNING,COMPLETING -o %A 2>/dev/null) ]] && break
            sleep 0.1
        done
    fi
fi

stop slurmd
stop slurmctld
stop munged
log "stopped (logs kept in $STATE_DIR)"
