package ${package};

/**
 * The JSON body of {@code POST /}: what a client sends to create an item.
 *
 * @param name     required, not blank
 * @param quantity optional, zero or more; 1 when absent
 */
public record NewItem(String name, Integer quantity) {
}
