package dev.faasport.cost;

/**
 * One unit price.
 *
 * @param usd    US dollars per unit
 * @param asOf   when it was read from the source (yyyy-MM)
 * @param source the vendor's pricing page
 */
public record Price(double usd, String asOf, String source) {
}
