/**
 * The AWS Lambda provider: {@link dev.faasport.provider.aws.AwsProvider}, registered for {@link java.util.ServiceLoader}.
 * Everything else in this package is internal to it.
 */
package dev.faasport.provider.aws;
