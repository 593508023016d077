#!/bin/bash
# Runs once, when the dhakacart-db container initialises an empty data directory (official
# postgres image, /docker-entrypoint-initdb.d). Creates the app role and database named in the
# runbook, and the DR agent's replication role with only the rights it needs.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_user="$DHAKACART_DB_USER" -v app_password="$DHAKACART_DB_PASSWORD" -v app_db="$DHAKACART_DB_NAME" \
  -v dr_password="$DHAKACART_DR_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER :"app_user";
-- The DR agent streams WAL, takes base backups, reads replication status and switches
-- synchronous_standby_names (PostgreSQL 15 lets a non-superuser be granted exactly that).
CREATE ROLE dhakacart_dr LOGIN REPLICATION PASSWORD :'dr_password' IN ROLE pg_monitor;
GRANT ALTER SYSTEM ON PARAMETER synchronous_standby_names TO dhakacart_dr;
GRANT EXECUTE ON FUNCTION pg_reload_conf() TO dhakacart_dr;
GRANT CONNECT ON DATABASE :"app_db" TO dhakacart_dr;
SQL

# Replication connections from the Compose network, password-checked.
echo "host replication dhakacart_dr all scram-sha-256" >> "$PGDATA/pg_hba.conf"
