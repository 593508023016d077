#!/bin/bash
# Starts S3Proxy on :9000 with the credentials from the environment; the bucket is a directory under
# /data, created here so the DR agent finds it on first start.
set -euo pipefail
: "${S3_ACCESS_KEY:?set S3_ACCESS_KEY}" "${S3_SECRET_KEY:?set S3_SECRET_KEY}"
bucket=${S3_BUCKET:-dhakacart-backups}
[[ $bucket =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || { echo "S3_BUCKET '$bucket' is not a valid bucket name" >&2; exit 2; }
mkdir -p "/data/$bucket"
properties=$(mktemp)
chmod 600 "$properties"
cat >"$properties" <<PROPERTIES
s3proxy.endpoint=http://0.0.0.0:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=/data
PROPERTIES
exec java -jar /opt/s3proxy/s3proxy.jar --properties "$properties"
