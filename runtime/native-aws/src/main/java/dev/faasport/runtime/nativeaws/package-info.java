/**
 * Runs handlers written against the AWS Lambda Java API on every Faasport platform: {@code RequestHandler}s of API
 * Gateway HTTP API / function URL (payload 2.0), REST API (payload 1.0) and S3 events, registered as a
 * {@link dev.faasport.runtime.NativeAdapter}. The neutral request or storage event is translated into the AWS event
 * type and the AWS response back; the user's code is not changed.
 */
package dev.faasport.runtime.nativeaws;
