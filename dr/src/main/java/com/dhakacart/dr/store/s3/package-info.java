/** A backup store in an S3 bucket (AWS or any S3-compatible server), and the s3:// repository URI that names one. */
package com.dhakacart.dr.store.s3;
