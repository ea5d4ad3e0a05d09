/**
 * The Faasport engine, with no Maven API: {@link dev.faasport.core.Faasport} is the facade the Mojos call with the
 * immutable requests in {@link dev.faasport.core.Requests}. {@code model} builds and validates the function set
 * (and discovers functions), {@code plan} diffs it against a target, {@code deploy} applies the plan in parallel
 * with retries. User errors are {@link dev.faasport.core.error.FaasportException}s whose messages come from
 * {@link dev.faasport.core.error.HelpfulSuggestions}.
 */
package dev.faasport.core;
