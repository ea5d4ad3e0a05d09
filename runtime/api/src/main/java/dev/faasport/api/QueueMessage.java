package dev.faasport.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A vendor-neutral queue message (SQS, Azure Storage Queue, Pub/Sub, local queue).
 *
 * @param id            the platform's message id
 * @param body          the message body
 * @param attributes    message attributes, empty when there are none
 * @param deliveryCount how many times the message has been delivered, starting at 1
 * @param sentAt        when the message was sent
 */
public record QueueMessage(String id, byte[] body, Map<String, String> attributes, int deliveryCount, Instant sentAt) {

    /** Copies the attributes and defaults a null body to empty. */
    public QueueMessage {
        body = body == null ? new byte[0] : body;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** @return the body decoded as UTF-8 */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
