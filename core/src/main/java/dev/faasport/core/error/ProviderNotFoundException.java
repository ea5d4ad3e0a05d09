package dev.faasport.core.error;

import java.util.List;

/** No provider with the requested id is on the classpath. */
public class ProviderNotFoundException extends FaasportException {

    private final String id;
    private final List<String> available;

    public ProviderNotFoundException(String id, List<String> available) {
        super(HelpfulSuggestions.unknownProvider(id, available));
        this.id = id;
        this.available = List.copyOf(available);
    }

    public String id() {
        return id;
    }

    /** @return the ids that were found, sorted */
    public List<String> available() {
        return available;
    }
}
