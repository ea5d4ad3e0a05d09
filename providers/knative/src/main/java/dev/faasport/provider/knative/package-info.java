/**
 * The Knative target ({@code knative}): one Knative Service ({@code serving.knative.dev/v1}) per function, deployed
 * from the function's pushed OCI image with the fabric8 Kubernetes client.
 */
package dev.faasport.provider.knative;
