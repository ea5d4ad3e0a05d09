package dev.faasport.provider.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.faasport.spi.ProviderException;

import java.time.Duration;

/** Turns Google API failures into {@link ProviderException}s; the suggestions live here so their tone stays one. */
final class GcpErrors {
    private GcpErrors() {
    }

    /** When the bucket of a storage trigger cannot be read. */
    static final String BUCKET_LOCATION = "perhaps you should grant storage.buckets.get on the bucket (e.g. "
            + "roles/storage.legacyBucketReader) or set gcp.triggerRegion to the bucket's location";

    /** @return whether a gRPC-style status code is worth retrying */
    static boolean retryable(StatusCode.Code code) {
        return switch (code) {
            case RESOURCE_EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ABORTED, UNKNOWN -> true;
            default -> false;
        };
    }

    static boolean retryableHttp(int status) {
        return status == 429 || status == 408 || status >= 500;
    }

    /** No Application Default Credentials: core says how to log in; Google's own text stays in the cause. */
    static ProviderException noCredentials(java.io.IOException e) {
        return ProviderException.notLoggedIn("Google Cloud Functions: no Application Default Credentials found", e);
    }

    /** Maps an SDK exception raised while doing {@code what}. */
    static ProviderException of(String what, ApiException e) {
        StatusCode.Code code = e.getStatusCode().getCode();
        String msg = what + " failed: " + code + " " + firstLine(detail(e));
        if (retryable(code)) {
            return ProviderException.transientFailure(msg, code == StatusCode.Code.RESOURCE_EXHAUSTED
                    ? Duration.ofSeconds(2) : null, e);
        }
        return code == StatusCode.Code.UNAUTHENTICATED ? ProviderException.notLoggedIn(msg, e)
                : new ProviderException(msg, suggestion(code), false, null, e);
    }

    /** The REST transport's exception says only "Bad Request": the API's own message is in the response body. */
    static String detail(ApiException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.google.api.client.http.HttpResponseException h && h.getContent() != null) {
                try {
                    com.google.gson.JsonObject body = com.google.gson.JsonParser.parseString(h.getContent())
                            .getAsJsonObject().getAsJsonObject("error");
                    if (body != null && body.has("message")) {
                        return body.get("message").getAsString();
                    }
                } catch (RuntimeException notJson) {
                    return h.getContent();
                }
            }
        }
        return e.getMessage();
    }

    /** Maps a long-running operation's error ({@code google.rpc.Code} number). */
    static ProviderException ofOperation(String what, int rpcCode, String message, String buildLog) {
        StatusCode.Code code = codeOf(rpcCode);
        String msg = what + " failed: " + code + " " + message + (buildLog == null ? "" : " (build log: " + buildLog + ")");
        if (retryable(code)) {
            return ProviderException.transientFailure(msg, null, null);
        }
        if (code == StatusCode.Code.UNAUTHENTICATED) {
            return ProviderException.notLoggedIn(msg, null);
        }
        String suggestion = buildLog != null
                ? "perhaps you should read the build log at " + buildLog + " and fix the build"
                : suggestion(code);
        return ProviderException.permanent(msg, suggestion);
    }

    static ProviderException ofHttp(String what, int status, String body) {
        String msg = what + " failed: HTTP " + status + " " + firstLine(body);
        if (retryableHttp(status)) {
            return ProviderException.transientFailure(msg, status == 429 ? Duration.ofSeconds(2) : null, null);
        }
        return status == 401 ? ProviderException.notLoggedIn(msg, null)
                : ProviderException.permanent(msg, suggestion(codeOfHttp(status)));
    }

    static StatusCode.Code codeOf(int rpcCode) {
        com.google.rpc.Code c = com.google.rpc.Code.forNumber(rpcCode);
        return c == null ? StatusCode.Code.UNKNOWN : com.google.api.gax.httpjson.HttpJsonStatusCode.of(c).getCode();
    }

    private static StatusCode.Code codeOfHttp(int status) {
        return switch (status) {
            case 400 -> StatusCode.Code.INVALID_ARGUMENT;
            case 401 -> StatusCode.Code.UNAUTHENTICATED;
            case 403 -> StatusCode.Code.PERMISSION_DENIED;
            case 404 -> StatusCode.Code.NOT_FOUND;
            default -> StatusCode.Code.FAILED_PRECONDITION;
        };
    }

    static String suggestion(StatusCode.Code code) {
        return switch (code) {
            case PERMISSION_DENIED -> "perhaps you should run faas:doctor -Dfaas.provider=gcp, which lists the missing "
                    + "permissions (roles in the gcp provider's README), and enable the Cloud Functions, Cloud Build and"
                    + " Cloud Run APIs";
            case NOT_FOUND -> "perhaps you should check gcp.project and gcp.region";
            case INVALID_ARGUMENT, OUT_OF_RANGE -> "perhaps you should fix the function's configuration named above "
                    + "(run faas:check -Dfaas.provider=gcp)";
            case FAILED_PRECONDITION -> "perhaps you should check that the Cloud Functions API is enabled and no other "
                    + "deployment of this function is running";
            case ALREADY_EXISTS -> "perhaps you should deploy again: the function exists and will be updated";
            default -> "perhaps you should run faas:doctor -Dfaas.provider=gcp";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 500 ? t.substring(0, 500) + "..." : t;
    }
}
