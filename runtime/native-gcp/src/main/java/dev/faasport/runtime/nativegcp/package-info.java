/**
 * Runs handlers written against the Google Cloud Functions Framework API on every Faasport platform:
 * {@code HttpFunction}s over a request/response view of the neutral HTTP types, and {@code CloudEventsFunction}s fed
 * Cloud Storage object CloudEvents, registered as a {@link dev.faasport.runtime.NativeAdapter}.
 */
package dev.faasport.runtime.nativegcp;
