/**
 * Monthly cost estimates of a function set per vendor and plan (AWS Lambda x86_64/arm64, Azure Functions
 * Consumption/Flex, Google Cloud Functions 1st/2nd gen), from measured or given durations, memory and invocation
 * rates, with each plan's billing granularity and free tier. Prices are data ({@code prices.json}), each with an
 * as-of date and a source URL. No vendor SDK, no Maven API.
 */
package dev.faasport.cost;
