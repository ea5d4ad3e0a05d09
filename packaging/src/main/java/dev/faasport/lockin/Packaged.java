package dev.faasport.lockin;

/**
 * A vendor SDK packaged with the functions that no handler reaches.
 *
 * @param api        the API its classes belong to
 * @param dependency the coordinates of the jar
 */
public record Packaged(VendorApi api, String dependency) {
}
