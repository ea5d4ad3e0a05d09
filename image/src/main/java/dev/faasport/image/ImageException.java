package dev.faasport.image;

/** Building or pushing an image failed; the message says what failed and what to try. */
public class ImageException extends Exception {
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImageException(String message) {
        super(message);
    }
}
