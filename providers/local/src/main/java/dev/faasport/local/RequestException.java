package dev.faasport.local;

/** A data-API request (bucket or queue) that cannot be served, with the HTTP status to answer and the fix. */
final class RequestException extends RuntimeException {
    final int status;

    RequestException(int status, String message) {
        super(message);
        this.status = status;
    }
}
