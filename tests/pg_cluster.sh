#!/usr/bin/env bash
# The throwaway PostgreSQL cluster that the postgres-labelled tests run against (the CTest
# fixture postgres_cluster in tests/CMakeLists.txt).
#
#   pg_cluster.sh start DIR   a fresh cluster listening on 127.0.0.1 on a free port; its URL,
#                             postgresql://academy:PASSWORD@127.0.0.1:PORT/postgres, is the
#                             one line of DIR/url (mode 600)
#   pg_cluster.sh stop DIR    stops that cluster and removes its data; safe to repeat
#
# initdb and pg_ctl refuse to run as root, so as root they run as the postgres user. The
# cluster's data, socket and log live in DIR when that user can reach DIR and the socket path
# fits the kernel's limit, else in a private folder under /tmp recorded in DIR/home.
# Anything that goes wrong fails loudly: the postgres tests must run, never skip.
set -Eeuo pipefail

readonly marker=.academy-pg-cluster
readonly db_user=academy

say() { printf 'pg_cluster: %s\n' "$*"; }
die() { printf 'pg_cluster: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 2 && ($1 == start || $1 == stop) && -n $2 ]] || die "usage: $0 start|stop DIR"
action=$1
dir=$(realpath -m -- "$2")
[[ $dir != / ]] || die "refusing to use / as the cluster folder"

as_root=false
if ((EUID == 0)); then
    as_root=true
    id -u postgres >/dev/null 2>&1 \
        || die "running as root, the cluster must run as the user postgres, which does not exist (install postgresql)"
fi

# Runs a PostgreSQL program as the cluster's owner, from a folder that owner can enter.
as_owner() {
    local where=$1
    shift
    if $as_root; then
        (cd "$where" && runuser -u postgres -- "$@")
    else
        (cd "$where" && "$@")
    fi
}

bindir=
find_bindir() {
    [[ -z $bindir ]] || return 0
    local d
    # Debian's layout: /usr/lib/postgresql/<major>/bin; the newest major wins.
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
            bindir=$d
            return 0
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        bindir=$(dirname "$(command -v initdb)")
        return 0
    fi
    die "no PostgreSQL server programs (initdb, pg_ctl) found: install postgresql (bash .ci/deps)"
}

# Whether the postmaster named in DATA/postmaster.pid still runs. A dead one can linger as a
# zombie where PID 1 does not reap orphans, and its PID may since belong to another program.
postmaster_alive() {
    local pid stat
    pid=$(head -n 1 "$1/postmaster.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == postgres ]] || return 1
    stat=$(<"/proc/$pid/stat") || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

# Stops the cluster recorded in DIR, if any, and removes its data; keeps its log in DIR.
teardown() {
    local home=$dir status=0
    [[ -s $dir/home ]] && home=$(<"$dir/home")
    if [[ -f $home/$marker ]]; then
        if postmaster_alive "$home/data"; then
            find_bindir
            say "stopping the cluster in $home/data"
            if ! as_owner "$home" "$bindir/pg_ctl" stop -D "$home/data" -m fast -t 60 >/dev/null; then
                say "fast shutdown failed; shutting down immediately" >&2
                as_owner "$home" "$bindir/pg_ctl" stop -D "$home/data" -m immediate -t 30 >/dev/null \
                    || ! postmaster_alive "$home/data" || status=1
            fi
        fi
        if ((status == 0)); then
            if [[ $home != "$dir" ]]; then
                if [[ -f $home/server.log ]]; then cp -f "$home/server.log" "$dir/server.log"; fi
                rm -rf -- "$home"
            else
                rm -rf -- "$dir/data" "$dir/sock" "${dir:?}/$marker"
            fi
        fi
    fi
    rm -f -- "$dir/url" "$dir/url.tmp" "$dir/port" "$dir/pid" "$dir/pwfile"
    if ((status == 0)); then rm -f -- "$dir/home"; fi
    return "$status"
}

home=
fail() {
    trap - ERR
    printf 'pg_cluster: FAILED: %s\n' "$*" >&2
    local f
    for f in "$dir/initdb.log" "$dir/pg_ctl.log" "${home:-$dir}/server.log"; do
        if [[ -s $f ]]; then
            printf -- '----- %s -----\n' "$f" >&2
            cat -- "$f" >&2
        fi
    done
    teardown >&2 || printf 'pg_cluster: could not stop the cluster either\n' >&2
    exit 1
}

random_port() { echo $(((RANDOM * 32768 + RANDOM) % 40001 + 20000)); }

start() {
    teardown || die "an old cluster in $dir could not be stopped"
    find_bindir
    mkdir -p -- "$dir"
    rm -f -- "$dir/initdb.log" "$dir/pg_ctl.log" "$dir/server.log"
    trap 'fail "unexpected error (line $LINENO)"' ERR

    # Where the cluster lives: DIR, or a private folder under /tmp when the postgres user
    # cannot reach DIR (e.g. under /root) or DIR's socket path would be too long (108 bytes).
    home=$dir
    local sock_probe="$dir/sock/.s.PGSQL.60000"
    if $as_root; then
        chown postgres: "$dir"
        chmod 700 "$dir"
        if ! runuser -u postgres -- test -w "$dir" -a -x "$dir" 2>/dev/null; then home=; fi
    fi
    if ((${#sock_probe} > 100)); then home=; fi
    if [[ -z $home ]]; then
        home=$(mktemp -d /tmp/academy-pg.XXXXXXXX)
        if $as_root; then chown postgres: "$home"; fi
    fi
    printf '%s\n' "$home" >"$dir/home"
    touch "$home/$marker"
    mkdir -p "$home/sock"
    chmod 700 "$home/sock"
    if $as_root; then chown postgres: "$home/$marker" "$home/sock"; fi

    # initdb: superuser academy with a random password; trust on the private socket only.
    local password locales locale=C
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    locales=$(locale -a 2>/dev/null || true)
    if grep -qiE '^c\.utf-?8$' <<<"$locales"; then locale=C.UTF-8; fi
    (umask 077 && printf '%s\n' "$password" >"$home/pwfile")
    if $as_root; then chown postgres: "$home/pwfile"; fi
    say "initdb ($bindir, locale $locale) in $home/data"
    as_owner "$home" "$bindir/initdb" -D "$home/data" -U "$db_user" --pwfile="$home/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale="$locale" \
        </dev/null >"$dir/initdb.log" 2>&1 || fail "initdb failed"
    rm -f -- "$home/pwfile"

    local sockdir=${home//\'/\'\'}/sock
    cat >>"$home/data/postgresql.conf" <<EOF

# Added by tests/pg_cluster.sh: a throwaway cluster for the tests.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
max_connections = 200
shared_buffers = 32MB
fsync = on
EOF

    # A random port until one is free: a port taken by someone else fails only the bind.
    local port try started=false before log_tail
    for try in $(seq 1 20); do
        port=$(random_port)
        before=0
        if [[ -f $home/server.log ]]; then before=$(stat -c %s "$home/server.log"); fi
        if as_owner "$home" "$bindir/pg_ctl" start -D "$home/data" -l "$home/server.log" -w -t 30 \
            -o "-p $port" </dev/null >>"$dir/pg_ctl.log" 2>&1; then
            started=true
            break
        fi
        log_tail=$(tail -c +"$((before + 1))" "$home/server.log" 2>/dev/null || true)
        if ! grep -qiE 'could not bind|could not create any TCP/IP sockets|address already in use' <<<"$log_tail"; then
            fail "PostgreSQL did not start"
        fi
        say "port $port is taken (try $try)"
    done
    $started || fail "no free port found in 20 tries"

    local deadline=$((SECONDS + 30))
    until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U "$db_user" -t 2; do
        ((SECONDS < deadline)) || fail "PostgreSQL on 127.0.0.1:$port did not accept connections within 30 s"
        sleep 0.2
    done

    local url="postgresql://$db_user:$password@127.0.0.1:$port/postgres" answer
    answer=$(PGCONNECT_TIMEOUT=10 "$bindir/psql" -X -A -t -d "$url" -c 'select 1' 2>&1) \
        || fail "psql could not connect with the URL: $answer"
    [[ $answer == 1 ]] || fail "psql gave an unexpected answer: $answer"

    (umask 077 && printf '%s\n' "$url" >"$dir/url.tmp")
    chmod 600 "$dir/url.tmp"
    mv -f -- "$dir/url.tmp" "$dir/url"
    printf '%s\n' "$port" >"$dir/port"
    head -n 1 "$home/data/postmaster.pid" >"$dir/pid"
    trap - ERR
    say "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') is ready on 127.0.0.1:$port (data in $home/data; URL in $dir/url)"
}

stop() {
    if [[ ! -d $dir ]]; then
        say "nothing to stop in $dir"
        return 0
    fi
    teardown || die "could not stop the cluster recorded in $dir (see $dir/server.log)"
    say "stopped; nothing left running for $dir"
}

"$action"
