/**
 * Lock-in analysis: which vendor APIs each function calls, found in the class files reachable from its handler and in
 * the dependencies they call (constant pools only: no class is loaded, no user code runs), matched against a catalogue
 * of vendor APIs kept as data ({@code vendor-apis.json}, each entry with its as-of date and source).
 */
package dev.faasport.lockin;
