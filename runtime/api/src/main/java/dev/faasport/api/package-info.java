/**
 * Faasport's portable function API. A function written against these types (or against plain
 * {@link java.util.function.Function}) runs unchanged on every Faasport provider; the per-vendor adapters that
 * translate vendor events into these types are added to the package by the plugin and never appear in user code.
 */
package dev.faasport.api;
