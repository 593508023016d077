#!/bin/bash
# Restore drill check, run by the CronJob dhakacart-db-drill once the scratch Cluster
# dhakacart-db-drill has recovered the newest backup plus archived WAL from the object store.
# Passes when the restored copy holds exactly the orders the live database holds up to one minute
# before the newest restored order (same ids, same total): the backup is complete and readable.
# Prints the off-site RPO seen by the drill (newest live order minus newest restored order).
set -euo pipefail
export PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=10
query() { psql "host=$1 dbname=dhakacart_db user=dhakacart sslmode=require" -XAtq -v ON_ERROR_STOP=1 -c "$2"; }

restored_until=$(query dhakacart-db-drill-rw "SELECT max(created_at) FROM orders")
if [ -z "$restored_until" ]; then
  echo "drill FAILED: the restored copy has no orders at all" >&2
  exit 1
fi
cutoff="('$restored_until'::timestamptz - interval '1 minute')"
fingerprint="SELECT count(*) || ' orders, ' || coalesce(sum(total_amount), 0) || ' BDT, ' || md5(coalesce(string_agg(id, ',' ORDER BY id), '')) FROM orders WHERE created_at <= $cutoff"
restored=$(query dhakacart-db-drill-rw "$fingerprint")
live=$(query dhakacart-db-rw "$fingerprint")
lag=$(query dhakacart-db-rw "SELECT coalesce(extract(epoch FROM max(created_at) - '$restored_until'::timestamptz)::bigint, 0) FROM orders")
echo "restored up to $restored_until; orders up to one minute before: live $live, restored $restored; newest live order is ${lag}s newer"
if [ "$restored" != "$live" ]; then
  echo "drill FAILED: the restored copy differs from the live database before $restored_until" >&2
  exit 1
fi
echo "drill passed"
