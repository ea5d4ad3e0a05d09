package dev.faasport.core.error;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote call that failed on the network (refused, unresolved, unanswered), recognised in an exception chain or,
 * where an SDK flattened it (gRPC's {@code UNKNOWN: java.net...}), in its text: said once as which endpoint and what
 * failed, with the fix, instead of the SDK's exception text.
 *
 * @param message    what failed, naming the endpoint
 * @param suggestion the fix, without "perhaps you should"
 */
public record Unreachable(String message, String suggestion) {

    private static final Pattern UNRESOLVED = Pattern.compile("UnknownHostException:?\\s*([^\\s:,;()]+(?::\\d+)?)");
    private static final Pattern REFUSED = Pattern.compile("ConnectException|Connection refused");
    private static final Pattern NOT_ACCEPTED = Pattern.compile("(?i)connect timed out|ConnectTimeout");
    private static final Pattern NOT_ANSWERED = Pattern.compile("SocketTimeoutException|HttpTimeoutException"
            + "|Read timed out|ReadTimeout");
    private static final Pattern URL = Pattern.compile("https?://[^/\\s'\"(),\\[\\]]+");
    private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w./:-])([A-Za-z0-9][A-Za-z0-9.-]*:\\d{1,5})(?!\\d)");

    /**
     * @param providerId the provider whose endpoint properties the fix names, or null when not known here
     * @return the network failure in the chain, if it is one and the provider did not say what to do about it
     *         itself (the local provider knows its runtime is down, not just that a port is closed)
     */
    public static Optional<Unreachable> of(dev.faasport.spi.ProviderException error, String providerId) {
        return error.suggestion() == null || error.suggestion().isBlank() ? of((Throwable) error, providerId)
                : Optional.empty();
    }

    private static Optional<Unreachable> of(Throwable error, String providerId) {
        StringBuilder chain = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 12; t = t.getCause(), depth++) {
            chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        String text = chain.toString();
        Matcher unresolved = UNRESOLVED.matcher(text);
        if (unresolved.find()) {
            String host = unresolved.group(1);
            return Optional.of(new Unreachable(HelpfulSuggestions.unresolvedHost(host),
                    HelpfulSuggestions.unresolvedHostFix(host, providerId)));
        }
        String endpoint = endpoint(text);
        if (REFUSED.matcher(text).find()) {
            return Optional.of(new Unreachable(HelpfulSuggestions.connectionRefused(endpoint),
                    HelpfulSuggestions.connectionRefusedFix(endpoint, providerId)));
        }
        if (NOT_ACCEPTED.matcher(text).find() || NOT_ANSWERED.matcher(text).find()) {
            return Optional.of(new Unreachable(HelpfulSuggestions.notAnswered(endpoint,
                    NOT_ACCEPTED.matcher(text).find()), HelpfulSuggestions.notAnsweredFix(endpoint, providerId)));
        }
        return Optional.empty();
    }

    /** @return the scheme, host and port of the first URL, else the first host:port, else a description */
    private static String endpoint(String text) {
        Matcher url = URL.matcher(text);
        if (url.find()) {
            return url.group();
        }
        Matcher hostPort = HOST_PORT.matcher(text);
        return hostPort.find() ? hostPort.group(1) : "the provider's endpoint";
    }
}
