package dev.faasport.runtime.json;

/** A JSON document could not be parsed, written or bound; the message says where and why. */
public class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
