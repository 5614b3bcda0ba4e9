#!/usr/bin/env bash
# Stop the test SLURM cluster started by slurm_up.sh and remove what it added.
# Usage: slurm_down.sh [--stop-only] [STATE_DIR]   (default /tmp/tunelab-slurm; needs root)
# Stops only the processes recorded in STATE_DIR/*.pid (and, if slurm_up.sh
# installed the SLURM packages, any process still running one of their programs).
# Then, unless --stop-only, it puts back the machine as slurm_up.sh found it:
# restores or removes /etc/slurm/slurm.conf, deletes the files and directories
# recorded in STATE_DIR/added-paths, purges exactly the packages recorded in
# STATE_DIR/added-packages (those slurm_up.sh installed, with the dependencies apt
# pulled in), deletes the users and groups recorded, and checks that all are gone. A SLURM installation that was
# there before slurm_up.sh ran is left as it was. Logs in STATE_DIR are kept.
set -euo pipefail

STOP_ONLY=0
if [[ ${1:-} == --stop-only ]]; then
    STOP_ONLY=1
    shift
fi
STATE_DIR=${1:-/tmp/tunelab-slurm}
CONF=/etc/slurm/slurm.conf
UCF=/var/lib/ucf

log() { printf '[slurm_down %s] %s\n' "$(date +%T)" "$*"; }

die() {
    printf '[slurm_down %s] ERROR: %s\n' "$(date +%T)" "$*" >&2
    exit 1
}

# recorded KIND: the items slurm_up.sh recorded in STATE_DIR/added-KIND
recorded() { sed '/^$/d' "$STATE_DIR/added-$1" 2>/dev/null || true; }

# pid_of NAME: print the pid from STATE_DIR/NAME.pid if that process is NAME
pid_of() {
    local pid
    pid=$(cat "$STATE_DIR/$1.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$1" ]] && echo "$pid"
}

# terminate NAME PID: SIGTERM, up to 10 s, then SIGKILL
terminate() {
    local name=$1 pid=$2 i
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        [[ -d /proc/$pid ]] || return 0
        sleep 0.1
    done
    log "$name did not exit; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
}

stop() {
    local pid
    if pid=$(pid_of "$1"); then terminate "$1" "$pid"; fi
    rm -f "$STATE_DIR/$1.pid"
}

cancel_jobs() {
    local jobs i
    pid_of slurmctld >/dev/null || return 0
    mapfile -t jobs < <(squeue -h -o %A 2>/dev/null || true)
    ((${#jobs[@]})) || return 0
    log "cancelling jobs: ${jobs[*]}"
    scancel "${jobs[@]}" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        [[ -z $(squeue -h -t RUNNING,COMPLETING -o %A 2>/dev/null) ]] && break
        sleep 0.1
    done
}

# stop_leftovers PACKAGE...: stop every process that runs a program from PACKAGEs
# (a job's slurmstepd, say); only called for packages slurm_up.sh installed
stop_leftovers() {
    (($#)) || return 0
    local programs proc exe
    programs=$(dpkg -L "$@" 2>/dev/null || true)
    for proc in /proc/[0-9]*; do
        exe=$(readlink "$proc/exe" 2>/dev/null) || continue
        [[ $proc != "/proc/$$" ]] && grep -qxF "$exe" <<<"$programs" || continue
        terminate "$(cat "$proc/comm" 2>/dev/null)" "${proc#/proc/}"
    done
}

# Our slurm.conf goes; one that slurm_up.sh found there and backed up comes back.
restore_conf() {
    grep -qxF "# state dir: $STATE_DIR" "$CONF" 2>/dev/null || return 0
    if [[ -e $CONF.tunelab-bak ]]; then
        log "restoring the original $CONF"
        mv -f "$CONF.tunelab-bak" "$CONF"
    else
        rm -f "$CONF"
    fi
}

# Keep package maintainer scripts from stopping or starting system services.
with_services_untouched() {
    local policy=/usr/sbin/policy-rc.d added=0 rc=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=1
    fi
    "$@" || rc=$?
    if ((added)); then rm -f "$policy"; fi
    return $rc
}

# purge_packages: dpkg (not apt) removes exactly the recorded packages and nothing
# that depends on them; it refuses if something installed since needs them.
# Packages that were removed-with-config-files before go back to that state.
purge_packages() {
    local purge keep_conffiles saved=$STATE_DIR/ucf-before
    mapfile -t purge < <(recorded packages)
    mapfile -t keep_conffiles < <(recorded packages-rc)
    ((${#purge[@]} + ${#keep_conffiles[@]})) || return 0
    # ucf, which the slurm packages' purge scripts call, rotates backups of its own
    # database (hashfile.N, registry.N); put them back if the database is unchanged.
    rm -rf "$saved"
    mkdir -p "$saved"
    cp -p "$UCF"/hashfile* "$UCF"/registry* "$saved"/ 2>/dev/null || true
    export DEBIAN_FRONTEND=noninteractive
    if ((${#purge[@]})); then
        log "purging ${purge[*]} (dpkg output in $STATE_DIR/apt.log)"
        with_services_untouched dpkg --purge "${purge[@]}" >>"$STATE_DIR/apt.log" 2>&1 ||
            die "dpkg --purge failed (see $STATE_DIR/apt.log)"
    fi
    if ((${#keep_conffiles[@]})); then
        log "removing ${keep_conffiles[*]}, keeping their config files as before"
        with_services_untouched dpkg --remove "${keep_conffiles[@]}" >>"$STATE_DIR/apt.log" 2>&1 ||
            die "dpkg --remove failed (see $STATE_DIR/apt.log)"
    fi
    if cmp -s "$UCF/hashfile" "$saved/hashfile" && cmp -s "$UCF/registry" "$saved/registry"; then
        rm -f "$UCF"/hashfile.* "$UCF"/registry.*
        cp -p "$saved"/* "$UCF"/
    fi
    rm -rf "$saved"
}

# restore_modes: the mode and owner recorded before the install, of paths still there
restore_modes() {
    local mode owner path
    while read -r mode owner path; do
        [[ -e $path ]] || continue
        chown "$owner" "$path"
        chmod "$mode" "$path"
    done < <(recorded modes)
}

remove_accounts() {
    local name
    for name in $(recorded users); do
        if getent passwd "$name" >/dev/null; then log "deleting user $name" && userdel "$name"; fi
    done
    for name in $(recorded groups); do
        if getent group "$name" >/dev/null; then log "deleting group $name" && groupdel "$name"; fi
    done
}

# remove_paths: newest first, so a recorded directory goes after what was recorded in
# it; before the purge, so that dpkg finds its directories empty and removes them
remove_paths() {
    local path
    while IFS= read -r path; do
        [[ $path == /?* ]] || continue
        if [[ -e $path || -L $path ]]; then rm -rf -- "$path"; fi
    done < <(recorded paths | tac)
}

# check_removed: fail, naming them, if any recorded item is still there
check_removed() {
    local left=() item
    for item in $(recorded packages) $(recorded packages-rc); do
        if [[ $(dpkg-query -W -f '${db:Status-Abbrev}' "$item" 2>/dev/null) == ii* ]]; then
            left+=("package $item")
        fi
    done
    # The client tools a left-over slurm.conf makes slow (see README, "Running on SLURM").
    if grep -qx 'slurm-client\(:.*\)\?' "$STATE_DIR/added-packages" 2>/dev/null; then
        for item in sacct squeue scontrol sinfo sbatch srun; do
            if command -v "$item" >/dev/null; then left+=("command $(command -v "$item")"); fi
        done
    fi
    for item in $(recorded users); do
        if getent passwd "$item" >/dev/null; then left+=("user $item"); fi
    done
    for item in $(recorded groups); do
        if getent group "$item" >/dev/null; then left+=("group $item"); fi
    done
    while IFS= read -r item; do
        if [[ -e $item || -L $item ]]; then left+=("$item"); fi
    done < <(recorded paths)
    ((${#left[@]} == 0)) || die "left behind: ${left[*]}"
}

# --- main -------------------------------------------------------------------
[[ $(id -u) == 0 ]] || die "must run as root"

cancel_jobs
stop slurmd
stop slurmctld
stop munged
mapfile -t installed < <(recorded packages && recorded packages-rc)
stop_leftovers "${installed[@]}"
if ((STOP_ONLY)); then
    log "stopped (--stop-only: what slurm_up.sh added stays)"
    exit 0
fi

restore_conf
remove_paths
purge_packages
restore_modes
remove_accounts
check_removed
rm -f "$STATE_DIR"/added-*
rm -rf "$STATE_DIR/ctld" "$STATE_DIR/slurmd"
if ((${#installed[@]})); then
    log "removed what slurm_up.sh added: ${installed[*]} and the recorded users, groups and paths"
fi
log "stopped (logs kept in $STATE_DIR)"
