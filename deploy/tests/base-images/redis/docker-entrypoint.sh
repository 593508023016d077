#!/bin/sh
# As the official image: without a config file Redis would refuse other containers (protected mode),
# and a container's network is the boundary here.
set -e
if [ "${1:-}" = redis-server ]; then
  case "${2:-}" in
    *.conf) ;;
    *) shift; set -- redis-server --protected-mode no "$@" ;;
  esac
fi
exec "$@"
