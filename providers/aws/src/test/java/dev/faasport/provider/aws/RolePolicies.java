package dev.faasport.provider.aws;

import dev.faasport.runtime.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * IAM inline role policies for the test server: PutRolePolicy, GetRolePolicy, DeleteRolePolicy (IAM API Reference,
 * docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html and siblings, read 2026-12), and the evaluation
 * of their Allow and Deny statements for an action on a resource ("Policy evaluation logic", IAM User Guide, read
 * 2026-12: an explicit deny wins, else an allow is needed; {@code *} and {@code ?} match as in IAM).
 */
final class RolePolicies {
    // PolicyName: [\w+=,.@-]+, 1 to 128 characters (API_PutRolePolicy.html)
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    /** role ARN to policy name to document */
    private final Map<String, Map<String, String>> policies = new ConcurrentHashMap<>();

    /** Thrown as IAM answers: status, error code and message. */
    static final class IamError extends RuntimeException {
        final int status;
        final String code;

        IamError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /** @return the XML answer of a PutRolePolicy, GetRolePolicy or DeleteRolePolicy call on an existing role */
    String handle(String op, Map<String, String> form, String roleArn, String meta) {
        String role = form.get("RoleName");
        String name = form.get("PolicyName");
        if (name == null || !POLICY_NAME.matcher(name).matches()) {
            throw new IamError(400, "ValidationError", "1 validation error detected: Value '" + name
                    + "' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " [\\w+=,.@-]+");
        }
        Map<String, String> of = policies.computeIfAbsent(roleArn, k -> new ConcurrentHashMap<>());
        String ns = " xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";
        switch (op) {
            case "PutRolePolicy" -> {
                String doc = form.get("PolicyDocument");
                try {
                    Json.parseObject(doc).get("Statement").getClass();
                } catch (RuntimeException e) {
                    throw new IamError(400, "MalformedPolicyDocument", "Syntax errors in policy.");
                }
                of.put(name, doc);
                return "<PutRolePolicyResponse" + ns + ">" + meta + "</PutRolePolicyResponse>";
            }
            case "GetRolePolicy", "DeleteRolePolicy" -> {
                String doc = op.equals("GetRolePolicy") ? of.get(name) : of.remove(name);
                if (doc == null) {
                    throw new IamError(404, "NoSuchEntity", "The role policy with name " + name + " cannot be found.");
                }
                return op.equals("DeleteRolePolicy") ? "<DeleteRolePolicyResponse" + ns + ">" + meta
                        + "</DeleteRolePolicyResponse>"
                        : "<GetRolePolicyResponse" + ns + "><GetRolePolicyResult><RoleName>" + role + "</RoleName>"
                        + "<PolicyName>" + name + "</PolicyName><PolicyDocument>"
                        + java.net.URLEncoder.encode(doc, java.nio.charset.StandardCharsets.UTF_8)
                        + "</PolicyDocument></GetRolePolicyResult>" + meta + "</GetRolePolicyResponse>";
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    /** @return the names of the role's inline policies */
    List<String> names(String roleArn) {
        return new ArrayList<>(new TreeMap<>(policies.getOrDefault(roleArn, Map.of())).keySet());
    }

    /** @return whether the role's inline policies allow the action on the resource (and none denies it) */
    boolean allows(String roleArn, String action, String resource) {
        boolean allowed = false;
        for (String doc : policies.getOrDefault(roleArn, Map.of()).values()) {
            for (Object s : list(Json.parseObject(doc).get("Statement"))) {
                if (!(s instanceof Map<?, ?> st) || !matchesAny(st.get("Action"), action)
                        || !matchesAny(st.get("Resource"), resource)) {
                    continue;
                }
                if ("Deny".equals(st.get("Effect"))) {
                    return false;
                }
                allowed |= "Allow".equals(st.get("Effect"));
            }
        }
        return allowed;
    }

    private static boolean matchesAny(Object patterns, String value) {
        for (Object p : list(patterns)) {
            // actions compare case-insensitively, resources (ARNs) case-sensitively
            boolean action = !value.startsWith("arn:");
            String pattern = action ? String.valueOf(p).toLowerCase(Locale.ROOT) : String.valueOf(p);
            String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if ((action ? value.toLowerCase(Locale.ROOT) : value).matches(regex)) {
                return true;
            }
        }
        return false;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : o == null ? List.of() : List.of(o);
    }
}
