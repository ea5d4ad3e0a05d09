package dev.faasport.local;

/** A data-API request (bucket or queue) that cannot be served, with the HTTP status to answer and the fix. */
final class RequestException extends RuntimeException {
    final int status;
    /** The vendor API's error code to answer ({@code NoSuchKey}, {@code BlobNotFound}...), or null for the status's own */
    final String code;

    RequestException(int status, String message) {
        this(status, null, message);
    }

    RequestException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
