/**
 * The provider SPI. A provider module (local, aws, azure, gcp, knative) implements {@link dev.faasport.spi.Provider}
 * and registers it with {@link java.util.ServiceLoader}. The core engine owns everything the targets share (package,
 * check, plan, parallel apply with retries, report); a provider only reads deployed state, applies one
 * {@link dev.faasport.spi.UnitUpdate} at a time, and operates on what it deployed (invoke, logs, remove).
 *
 * <p>A {@link dev.faasport.spi.DeployUnit} is what a target deploys atomically: one function for AWS Lambda, Google
 * Cloud Functions, Knative and the local provider, one function app holding several functions for Azure.
 */
package dev.faasport.spi;
