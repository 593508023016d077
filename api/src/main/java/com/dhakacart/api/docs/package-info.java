/** The published API description (OpenAPI 3.1, Swagger UI): what springdoc cannot see in the code. */
package com.dhakacart.api.docs;
