/** /health, liveness and readiness, answered from background probes of PostgreSQL and Redis. */
package com.dhakacart.api.health;
