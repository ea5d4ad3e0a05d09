package ${package};

/**
 * One item of the API, as stored and as returned in JSON.
 *
 * @param id       the id the store gave it
 * @param name     what it is called
 * @param quantity how many there are, zero or more
 */
public record Item(String id, String name, int quantity) {
}
