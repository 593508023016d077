/** What every endpoint shares: RFC 9457 problem answers, the body size limit, and one JSON log line per request. */
package com.dhakacart.api.web;
