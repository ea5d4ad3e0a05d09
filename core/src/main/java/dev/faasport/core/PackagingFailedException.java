package dev.faasport.core;

import dev.faasport.core.error.FaasportException;

/** Packaging refused the project (a secret, a corrupt jar, a function a format cannot express). */
public class PackagingFailedException extends FaasportException {

    public PackagingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
