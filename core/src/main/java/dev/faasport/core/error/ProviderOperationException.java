package dev.faasport.core.error;

import dev.faasport.spi.ProviderException;

/** A provider call made on the user's behalf (open, list, invoke, logs) failed for good. */
public class ProviderOperationException extends FaasportException {

    public ProviderOperationException(String operation, String providerId, ProviderException cause) {
        super(HelpfulSuggestions.providerFailed(operation, providerId, cause), cause);
    }
}
