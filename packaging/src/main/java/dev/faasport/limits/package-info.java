/**
 * Vendor limits as data ({@link dev.faasport.limits.LimitTable}, one JSON resource per provider, each value with its
 * as-of date and source), the check of packaged units against them ({@link dev.faasport.limits.LimitChecker}) and its
 * reports ({@link dev.faasport.limits.CheckReports}: the build-log matrix, {@code check-report.md} and {@code .html}).
 */
package dev.faasport.limits;
