/**
 * Reproducible deployable archives of a function set, one layout per {@link dev.faasport.spi.PackageFormat}: the
 * {@link dev.faasport.packaging.Packager}, the manifest ({@code target/faas/manifest.json}), the configuration hash
 * every provider compares ({@link dev.faasport.packaging.ConfigHash}), the secret scan
 * ({@link dev.faasport.packaging.SecretScanner}); schedules are converted by the SPI's
 * {@link dev.faasport.spi.Schedule}. No Maven API and no vendor SDK.
 */
package dev.faasport.packaging;
