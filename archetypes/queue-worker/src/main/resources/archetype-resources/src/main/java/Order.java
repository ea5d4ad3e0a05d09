package ${package};

/**
 * One order message, as JSON: {@code {"orderId":"o-1","sku":"tea-100g","quantity":2}}.
 *
 * @param orderId  the order's id; the same order delivered twice is processed once
 * @param sku      the product
 * @param quantity how many, 1 or more
 */
public record Order(String orderId, String sku, int quantity) {
}
