#!/bin/bash
# Runs once, when the dhakacart-db container initialises an empty data directory. The server's settings
# go into the data directory, not onto the command line: a base backup carries them, so a restored copy
# and the DR agent's restore drills start with them. WAL replay refuses to start with fewer connections,
# WAL senders or replication slots than the primary had. Change them later with ALTER SYSTEM (kept in
# postgresql.auto.conf, which backups carry too).
set -euo pipefail

cat >>"$PGDATA/postgresql.conf" <<'CONF'

# DhakaCart (deploy/compose/db-init/00-dhakacart-settings.sh)
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
max_connections = 300
shared_buffers = 512MB
CONF
