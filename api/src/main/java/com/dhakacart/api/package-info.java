/** The DhakaCart REST API (port 5000): one Spring Boot application whose features are the sub-packages. */
package com.dhakacart.api;
