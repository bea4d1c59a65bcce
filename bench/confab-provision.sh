#!/usr/bin/env bash
# Provisions a running Confab for the Tsung harness (the accounts Prosody and ejabberd get from peers/peers.sh):
#   user1..user$USERS            password pass<N>, no roster              (connect, chat)
#   ruser1..ruser$ROSTER_USERS   password pass<N>, ring roster of K contacts ruser<N±1..±K/2> (mod ROSTER_USERS),
#                                subscription both                         (presence)
# in one `confab:import` through bin/confabctl; accounts get SCRAM credentials as with confab:useradd.
#
#   bench/confab-provision.sh CONFAB_DIR [DOMAIN]      (environment: USERS=10000 ROSTER_USERS=2000 K=10)
set -euo pipefail
dir=${1:?usage: confab-provision.sh CONFAB_DIR [DOMAIN]}
domain=${2:-load.test}
users=${USERS:-10000}
rusers=${ROSTER_USERS:-2000}
k=${K:-10}

file=$(mktemp "${TMPDIR:-/tmp}/confab-import.XXXXXX")
trap 'rm -f "$file"' EXIT   # it holds passwords
awk -v users="$users" -v rusers="$rusers" -v k="$k" -v domain="$domain" 'BEGIN {
    for (i = 1; i <= users; i++) print "user user" i " pass" i
    for (i = 1; i <= rusers; i++) print "user ruser" i " pass" i
    for (i = 1; i <= rusers; i++)
        for (d = 1; d <= k / 2; d++) {
            print "contact ruser" i " ruser" ((i - 1 + d) % rusers + 1) "@" domain " both"
            print "contact ruser" i " ruser" ((i - 1 - d + rusers) % rusers + 1) "@" domain " both"
        }
}' > "$file"
echo "confab-provision: $(grep -c '^user' "$file") accounts, $(grep -c '^contact' "$file") roster items -> $dir"
"$dir/bin/confabctl" confab:import "$file"
