package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an S3 request's Signature Version 4, in the Authorization header or a presigned URL's query ("Authenticating
 * Requests: Using the Authorization Header (AWS Signature Version 4)" and "... Using Query Parameters", Amazon S3 API
 * Reference, read 2026-12): the canonical request (method, the path as sent, the sorted query, the signed headers,
 * the payload hash of {@code x-amz-content-sha256}), the string to sign and the key derived from the secret, date,
 * region and service. The chunk signatures of an aws-chunked body are not checked (the seed signature is).
 */
final class SigV4 {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** "the request must reach Amazon S3 within 15 minutes of the time stamp" (Authorization header, read 2026-12) */
    private static final Duration SKEW = Duration.ofMinutes(15);

    private final String accessKeyId;
    private final String secret;

    SigV4(String accessKeyId, String secret) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    /** @throws RequestException 403 AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch or RequestTimeTooSkewed */
    void check(HttpExchange ex, String credentialsFile) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        boolean query = auth == null && Gateway.queryParam(ex, "X-Amz-Signature") != null;
        String credential;
        String signedHeaders;
        String signature;
        String date;
        if (auth != null && auth.startsWith(ALGORITHM + " ")) {
            credential = field(auth, "Credential=");
            signedHeaders = field(auth, "SignedHeaders=");
            signature = field(auth, "Signature=");
            date = ex.getRequestHeaders().getFirst("x-amz-date");
        } else if (query) {
            credential = Gateway.queryParam(ex, "X-Amz-Credential");
            signedHeaders = Gateway.queryParam(ex, "X-Amz-SignedHeaders");
            signature = Gateway.queryParam(ex, "X-Amz-Signature");
            date = Gateway.queryParam(ex, "X-Amz-Date");
        } else {
            throw new RequestException(403, "AccessDenied", "Access Denied: the request is not signed with AWS Signature "
                    + "Version 4, perhaps you should use the credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
        String[] scope = credential == null ? new String[0] : credential.split("/");
        if (scope.length != 5 || signedHeaders == null || signature == null || date == null) {
            throw new RequestException(403, "AccessDenied", "Access Denied: the Signature Version 4 authorization is "
                    + "incomplete (Credential, SignedHeaders, Signature, X-Amz-Date), perhaps you should let the AWS SDK sign it");
        }
        if (!MessageDigest.isEqual(scope[0].getBytes(StandardCharsets.UTF_8), accessKeyId.getBytes(StandardCharsets.UTF_8))) {
            throw new RequestException(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in "
                    + "our records: '" + scope[0] + "' is not the local runtime's, perhaps you should use the "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY its functions get (in " + credentialsFile + ")");
        }
        Instant at;
        try {
            at = Instant.from(AMZ_DATE.parse(date));
        } catch (DateTimeParseException e) {
            throw new RequestException(403, "AccessDenied", "Access Denied: X-Amz-Date '" + date + "' is not "
                    + "yyyyMMdd'T'HHmmss'Z', perhaps you should let the AWS SDK sign the request");
        }
        long expires = query && Gateway.queryParam(ex, "X-Amz-Expires") != null
                ? parseLong(Gateway.queryParam(ex, "X-Amz-Expires")) : -1;
        Instant now = Instant.now();
        if (query ? now.isAfter(at.plusSeconds(expires)) || now.isBefore(at.minus(SKEW))
                : Duration.between(at, now).abs().compareTo(SKEW) > 0) {
            throw new RequestException(403, query ? "AccessDenied" : "RequestTimeTooSkewed", query
                    ? "Request has expired: the presigned URL was valid until " + at.plusSeconds(expires) + ", perhaps you should presign it again"
                    : "The difference between the request time (" + at + ") and the current time is too large, perhaps "
                    + "you should set this machine's clock");
        }
        String payload = query ? "UNSIGNED-PAYLOAD" : ex.getRequestHeaders().getFirst("x-amz-content-sha256");
        String canonical = ex.getRequestMethod() + "\n" + ex.getRequestURI().getRawPath() + "\n" + canonicalQuery(ex)
                + "\n" + canonicalHeaders(ex, signedHeaders) + "\n" + signedHeaders + "\n" + (payload == null ? "UNSIGNED-PAYLOAD" : payload);
        String scopeText = String.join("/", scope[1], scope[2], scope[3], scope[4]);
        String toSign = ALGORITHM + "\n" + date + "\n" + scopeText + "\n" + HexFormat.of().formatHex(sha256(canonical));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        for (int i = 2; i < 5; i++) {
            key = hmac(key, scope[i]);
        }
        String expected = HexFormat.of().formatHex(hmac(key, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            throw new RequestException(403, "SignatureDoesNotMatch", "The request signature we calculated does not match "
                    + "the signature you provided. Check your key and signing method: it is not signed with the local "
                    + "runtime's secret key, perhaps you should use AWS_SECRET_ACCESS_KEY as the functions get it (in "
                    + credentialsFile + ")");
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String field(String auth, String name) {
        int i = auth.indexOf(name);
        if (i < 0) {
            return null;
        }
        int end = auth.indexOf(',', i);
        return auth.substring(i + name.length(), end < 0 ? auth.length() : end).trim();
    }

    /** Parameters sorted by name, then value, each part URI-encoded as SigV4 encodes it; the signature left out. */
    private static String canonicalQuery(HttpExchange ex) {
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!name.equals("X-Amz-Signature")) {
                params.add(new String[]{encode(name), encode(value)});
            }
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            sb.append(sb.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    private static String canonicalHeaders(HttpExchange ex, String signedHeaders) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = ex.getRequestHeaders().get(name);
            String value = values == null ? "" : String.join(",", values.stream()
                    .map(v -> v.trim().replaceAll(" +", " ")).toList());
            sb.append(name.toLowerCase(Locale.ROOT)).append(':').append(value).append('\n');
        }
        return sb.toString();
    }

    /** RFC 3986: letters, digits, '-', '.', '_', '~' as they are, every other byte as %XX (upper case). */
    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
