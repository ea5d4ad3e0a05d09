/**
 * Builds layered OCI images of functions with jib-core (no Docker daemon) and pushes them to a registry.
 *
 * <p>{@link dev.faasport.image.ImageBuilder#build(ImageRequest)} is the one entry point; {@link
 * dev.faasport.image.FunctionImages} turns a function's content (dependency jars, Faasport runtime jars, user classes,
 * descriptor) into an {@link dev.faasport.image.ImageRequest} in the AWS Lambda or the generic HTTP layout. Nothing
 * here runs inside a function: it is build-time code only.
 */
package dev.faasport.image;
