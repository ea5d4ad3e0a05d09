package dev.faasport.provider.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.identity.CredentialUnavailableException;
import dev.faasport.spi.ProviderException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Turns SDK failures into {@link ProviderException}s: retryable for throttling, 5xx and I/O, permanent with a suggestion otherwise. */
final class AzureErrors {
    private AzureErrors() {
    }

    /** @param what what was being done, e.g. "Creating function app 'x'" */
    static ProviderException map(String what, Throwable t) {
        if (t instanceof ProviderException pe) {
            return pe;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Unanswered u) {
                return new ProviderException(what + " failed: " + u.getMessage() + " (-Dfaas.azure.timeoutSeconds="
                        + u.timeout.toSeconds() + ")", "check that " + u.endpoint + " is the Azure endpoint you mean "
                        + "(-Dfaas.azure.endpoint, -Dfaas.azure.storageEndpoint) and that it answers (faas:doctor), or "
                        + "raise -Dfaas.azure.timeoutSeconds for a slow network", false, null, t);
            }
        }
        // the SDK's own text (every credential DefaultAzureCredential tried) stays in the cause; core says how to log in
        if (t instanceof CredentialUnavailableException) {
            return ProviderException.notLoggedIn(what + " failed: no Azure identity (DefaultAzureCredential found none)", t);
        }
        if (t instanceof ClientAuthenticationException) {
            // azure-identity nests each credential's failure after " ---> "; the first part says which one gave up
            String first = String.valueOf(t.getMessage()).lines().findFirst().orElse("").split(" ---> ")[0].strip();
            return ProviderException.notLoggedIn(what + " failed: Azure sign-in failed (" + first + ")", t);
        }
        if (t instanceof HttpResponseException hre && hre.getResponse() != null) {
            HttpResponse r = hre.getResponse();
            int status = r.getStatusCode();
            String code = null;
            String message = hre.getMessage();
            if (hre instanceof ManagementException me && me.getValue() != null) {
                ManagementError e = me.getValue();
                code = e.getCode();
                message = e.getMessage();
            }
            return fromStatus(what, status, code, message, r.getHeaders(), t);
        }
        Throwable io = t;
        while (io != null && !(io instanceof IOException || io instanceof TimeoutException || io instanceof UncheckedIOException)) {
            io = io.getCause();
        }
        if (io != null) {
            return ProviderException.transientFailure(what + " failed: " + io, null, t);
        }
        return new ProviderException(what + " failed: " + t, AzureSuggestions.CHECK_REQUEST, false, null, t);
    }

    static ProviderException fromStatus(String what, int status, String code, String message, HttpHeaders headers, Throwable cause) {
        String detail = what + " failed: HTTP " + status + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
        if (status == 429 || status == 408 || status >= 500) {
            return ProviderException.transientFailure(detail, retryAfter(headers), cause);
        }
        if (status == 409) {
            String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
            String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
            if (c.contains("inprogress") || m.contains("in progress")) {
                return ProviderException.transientFailure(detail, retryAfter(headers), cause);
            }
            String suggestion = c.contains("storage") || m.contains("storage account") ? AzureSuggestions.CHOOSE_STORAGE_ACCOUNT
                    : m.contains("already exists") || c.contains("exist") ? AzureSuggestions.CHOOSE_APP_NAME
                    : AzureSuggestions.CHECK_REQUEST;
            return new ProviderException(detail, suggestion, false, null, cause);
        }
        if (status == 401) {
            return ProviderException.notLoggedIn(detail, cause);
        }
        if (status == 403) {
            // signed in, but the identity lacks a role on the group: faas:doctor lists what is missing
            return new ProviderException(detail, AzureSuggestions.GRANT_ROLES + ", then run faas:doctor", false, null, cause);
        }
        if (status == 404 && code != null && code.toLowerCase(Locale.ROOT).contains("subscription")) {
            return new ProviderException(detail, AzureSuggestions.SET_SUBSCRIPTION, false, null, cause);
        }
        return new ProviderException(detail, AzureSuggestions.CHECK_REQUEST, false, null, cause);
    }

    /** Retry-After as seconds or an HTTP date is what ARM documents; retry-after-ms is what azure-core also honours. */
    static Duration retryAfter(HttpHeaders headers) {
        return retryAfter(headers, Clock.systemUTC());
    }

    /** @param clock "now" for a Retry-After given as an HTTP date (RFC 1123); a date in the past means retry at once */
    static Duration retryAfter(HttpHeaders headers, Clock clock) {
        if (headers == null) {
            return null;
        }
        String ms = headers.getValue("retry-after-ms");
        if (ms != null) {
            try {
                return Duration.ofMillis(Math.max(0, Long.parseLong(ms.trim())));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        String s = headers.getValue("Retry-After");
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(s.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(s.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    static boolean isNotFound(Throwable t) {
        return t instanceof HttpResponseException hre && hre.getResponse() != null && hre.getResponse().getStatusCode() == 404;
    }

    /** @return what the call returns, or null when Azure answers 404 */
    static <T> T orNull(java.util.function.Supplier<T> get) {
        try {
            return get.get();
        } catch (RuntimeException e) {
            if (isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    /** Runs a delete that may find the resource gone already. */
    static void ignoringNotFound(Runnable delete) {
        try {
            delete.run();
        } catch (RuntimeException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }
}
