package dev.faasport.core.error;

import dev.faasport.spi.ProviderException;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every user-facing message of the core, in one place so that the tone stays the same and tests can assert them.
 * Each reads "&lt;what failed&gt;, perhaps you should &lt;fix&gt;" and names the function and the field.
 */
public final class HelpfulSuggestions {

    /** The interfaces a handler may implement, as told to users. */
    public static final String SHAPES = "dev.faasport.api.HttpFunction, StorageFunction, QueueFunction, "
            + "ScheduleFunction or java.util.function.Function";

    /** The portable function-name rule, as told to users. */
    public static final String NAME_RULE = "lower-case letters, digits and '-', starting with a letter, not ending "
            + "with '-', at most 63 characters (a name AWS Lambda, Azure Functions and Google Cloud Functions all accept)";

    /** The set-name rule, as told to users. */
    public static final String SET_NAME_RULE = "lower-case letters, digits and '-', starting with a letter, not ending "
            + "with '-', at most 32 characters (it prefixes resource names and tags on every target)";

    private HelpfulSuggestions() {
    }

    /** Label under which problems of the set's {@code <defaults>} are reported. */
    public static final String DEFAULTS = "<defaults>";

    private static String fn(String function) {
        return DEFAULTS.equals(function) ? "The set's <defaults>" : "Function '" + function + "'";
    }

    // ---- configuration -------------------------------------------------------------------------------------------

    public static String configurationProblems(String setName, List<ConfigurationException.Problem> problems) {
        String head = problems.size() == 1
                ? "Function set '" + setName + "' has 1 configuration problem:"
                : "Function set '" + setName + "' has " + problems.size() + " configuration problems:";
        return head + problems.stream().map(p -> "\n  - " + p.message()).collect(Collectors.joining());
    }

    public static String missingSetName() {
        return "The function set has no name, perhaps you should set <name> in the plugin configuration "
                + "(it defaults to the project's artifactId)";
    }

    public static String invalidSetName(String name) {
        return "Function set name '" + name + "' is not valid, perhaps you should use " + SET_NAME_RULE
                + ", e.g. '" + suggestName(name, 32) + "'";
    }

    public static String missingName(String where) {
        return "Function " + where + " has no <name>, perhaps you should add <name>my-function</name>";
    }

    public static String invalidName(String name) {
        return fn(name) + ": <name> is not portable, perhaps you should use " + NAME_RULE + ", e.g. '"
                + suggestName(name, 63) + "'";
    }

    public static String duplicateName(String name, int count) {
        return fn(name) + " is declared " + count + " times, perhaps you should give each function its own <name>";
    }

    public static String missingHandler(String function) {
        return fn(function) + ": <handler> is missing, perhaps you should set it to the fully qualified name of a class "
                + "implementing " + SHAPES;
    }

    public static String handlerNotFound(String function, String handler) {
        return fn(function) + ": <handler> class '" + handler + "' was not found, perhaps you should check its spelling "
                + "(a fully qualified class name such as com.example.Hello) and that the project was compiled";
    }

    public static String handlerNotLoadable(String function, String handler, Throwable error) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("class file version (\\d+)")
                .matcher(String.valueOf(error.getMessage()));
        if (error instanceof UnsupportedClassVersionError && m.find()) {
            // a toolchain or a forked javac compiled for a newer Java than the JVM Maven runs on
            int java = Integer.parseInt(m.group(1)) - 44;
            return fn(function) + ": <handler> class '" + handler + "' is compiled for Java " + java + " but the build"
                    + " runs on Java " + Runtime.version().feature() + ", which cannot load it to inspect it, perhaps"
                    + " you should run Maven on a JDK " + java + " or later (JAVA_HOME)";
        }
        return fn(function) + ": <handler> class '" + handler + "' could not be loaded (" + error + "), perhaps you "
                + "should add the missing dependency to the project";
    }

    /** @param detail the shape detector's own "class X ..., perhaps you should ..." message */
    public static String handlerUnsupported(String function, String detail) {
        return fn(function) + ": <handler> " + detail;
    }

    public static String shapeMismatch(String function, String handler, String shape, String triggerKind,
                                       String fittingTrigger) {
        return fn(function) + ": <trigger> '" + triggerKind + "' cannot invoke handler '" + handler + "', which is a "
                + shape + " function, perhaps you should set <trigger>" + fittingTrigger
                + "</trigger> or change the interface the handler implements";
    }

    public static String notPositive(String function, String field, long value, String unit) {
        return fn(function) + ": <" + field + "> is " + value + ", perhaps you should set a positive number of "
                + unit + " (or leave it out to use the set's default)";
    }

    public static String negative(String function, String field, long value) {
        return fn(function) + ": <" + field + "> is " + value + ", perhaps you should set 0 or more";
    }

    public static String minAboveMax(String function, int min, int max) {
        return fn(function) + ": <minInstances> " + min + " is above <maxConcurrency> " + max
                + ", perhaps you should lower minInstances or raise maxConcurrency";
    }

    public static String unknownTrigger(String function, String kind) {
        return fn(function) + ": <trigger> '" + kind + "' is unknown, perhaps you should use one of http, storage, "
                + "queue, schedule";
    }

    public static String missingTriggerSetting(String function, String kind, String field, String example) {
        return fn(function) + ": a " + kind + " trigger needs <" + field + ">, perhaps you should add <" + field + ">"
                + example + "</" + field + ">";
    }

    public static String notAtLeastOne(String function, String field, int value) {
        return fn(function) + ": <" + field + "> is " + value + ", perhaps you should set 1 or more";
    }

    public static String unknownHttpMethod(String function, String method) {
        return fn(function) + ": <methods> holds '" + method + "', which is not an HTTP method, perhaps you should use "
                + "GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS";
    }

    public static String unknownStorageEvent(String function, String event) {
        return fn(function) + ": <events> holds '" + event + "', perhaps you should use created or deleted";
    }

    public static String malformedSchedule(String function, String expression, String detail) {
        return fn(function) + ": <schedule> '" + expression + "' is malformed (" + detail + "), perhaps you should "
                + "write cron(minutes hours day-of-month month day-of-week year) as EventBridge does, e.g. "
                + "cron(0 12 * * ? *), or rate(5 minutes)";
    }

    public static String unknownPackageType(String function, String value) {
        return fn(function) + ": <packageType> '" + value + "' is unknown, perhaps you should use zip or image";
    }

    public static String invalidEnvironmentName(String function, String name) {
        return fn(function) + ": <environment> variable name '" + name + "' is not valid, perhaps you should use "
                + "letters, digits and '_', starting with a letter";
    }

    public static String reservedEnvironmentName(String function, String name) {
        return fn(function) + ": <environment> variable '" + name + "' uses the reserved prefix FAASPORT_, perhaps you "
                + "should rename it (Faasport sets those variables itself)";
    }

    public static String invalidSecretName(String function, String variable, String name) {
        return fn(function) + ": <environment> variable '" + variable + "' references secret '" + name + "', which is"
                + " not a portable secret name, perhaps you should name the secret with lower-case letters, digits and"
                + " '-' (at most 127, starting and ending with a letter or digit), which every vendor's store accepts,"
                + " e.g. secret:db-password";
    }

    public static String secretsUnsupported(String function, String variable, String secret, String target) {
        return fn(function) + ": <environment> variable '" + variable + "' references secret '" + secret + "', but "
                + target + " cannot resolve secret references yet, perhaps you should deploy this function to a target"
                + " that can (see the README's Secrets section) or pass the value through the target's own settings";
    }

    /**
     * @param store how to create it on the target, or null when the target cannot resolve references
     * @param unknown whether the target could not tell if it exists
     */
    public static String migrationSecretMissing(String secret, String usedBy, String target, String store,
                                                boolean unknown) {
        if (store == null) {
            return "Secret '" + secret + "' (" + usedBy + ") cannot be referenced on " + target + ", which resolves no"
                    + " secret references yet, perhaps you should migrate to a target that does (README, Secrets)";
        }
        return "Secret '" + secret + "' (" + usedBy + ") " + (unknown ? "may not exist on " + target
                + " (it cannot tell)" : "does not exist on " + target) + ": the migration carries the reference, never"
                + " the value, perhaps you should create it in " + store + ", then run faas:migrate again";
    }

    public static String unprefixedOption(String function, String key) {
        return fn(function) + ": <options> key '" + key + "' has no provider prefix, perhaps you should write it as "
                + "<provider>.<option>, e.g. aws." + key;
    }

    /** A POM value of the wrong type: what was written, and what a valid one looks like. */
    public static String unconverted(String function, String element, String text) {
        if (element.equals("public")) {
            return fn(function) + ": <public> '" + text + "' is neither true nor false, perhaps you should write"
                    + " <public>true</public> or <public>false</public>";
        }
        String example = switch (element) {
            case "memory" -> "512</memory> (MB)";
            case "timeout" -> "30</timeout> (seconds)";
            case "batchSize" -> "10</batchSize>";
            case "maxAttempts" -> "3</maxAttempts>";
            default -> "1</" + element + ">";
        };
        return fn(function) + ": <" + element + "> '" + text + "' is not a whole number, perhaps you should write"
                + " digits only, e.g. <" + element + ">" + example;
    }

    public static String settingIgnored(String function, String field, String kind) {
        return fn(function) + ": <" + field + "> does not apply to a " + kind + " trigger, perhaps you should remove it "
                + "or change <trigger>";
    }

    // ---- discovery -----------------------------------------------------------------------------------------------

    public static String noFunctions(Path classesDir) {
        return "No functions were declared or found in " + classesDir + ", perhaps you should declare <functions> in "
                + "the plugin configuration or annotate a class implementing " + SHAPES
                + " with @dev.faasport.api.Function";
    }

    public static String discoveredNeeds(String className, String shape, String attribute, String example) {
        return "Class '" + className + "' is a " + shape + " function but says no " + attribute + ", perhaps you should "
                + "annotate it with @Function(" + attribute + " = \"" + example + "\") or declare it in <functions>";
    }

    public static String discoveredNative(String className, String detail) {
        return "Class '" + className + "' uses a vendor's function API, but " + detail;
    }

    public static String discoveredNativeTrigger(String handler, String api, java.util.List<String> kinds) {
        return "Class '" + handler + "' is a " + api + ", whose signature does not tell what triggers it, perhaps you "
                + "should declare it in <functions> with <handler>" + handler + "</handler> and <trigger> set to one of "
                + kinds + " (with its bucket, queue or schedule)";
    }

    public static String discoveredNativeNeeds(String handler, String api, String kind, String field, String example) {
        return "Class '" + handler + "' is a " + api + " (a " + kind + " function) but its code names no " + field
                + ", perhaps you should declare it in <functions> with <handler>" + handler + "</handler> and <" + field
                + ">" + example + "</" + field + ">";
    }

    public static String discoveredUnsupported(String className, String detail) {
        return "Class '" + className + "' is annotated with @Function, but " + detail;
    }

    public static String classesUnreadable(Path classesDir, Exception error) {
        return "Could not read the compiled classes in " + classesDir + " (" + error.getMessage() + "), perhaps you "
                + "should run `mvn compile` first";
    }

    // ---- what the target's rules and the command line say, before any remote call ------------------------------

    public static String invalidTargetName(String function, String what, String name, String target, String rule,
                                           String source) {
        return fn(function) + ": " + what + " '" + name + "' is not valid on " + target + " (" + rule + "; " + source
                + "), perhaps you should use a name that follows that rule, e.g. '" + suggestName(name, 63) + "'";
    }

    public static String scheduleNotExpressible(String function, String expression, String target, String format,
                                                String why, String fix) {
        return fn(function) + ": schedule '" + expression + "' cannot be expressed on " + target + " as " + format
                + ": " + why + perhaps(fix);
    }

    public static String belowTargetMinimum(String function, String field, long value, String target, long min,
                                            String note) {
        return fn(function) + ": " + field + " " + value + " is below what " + target + " allows (" + min
                + (note == null ? "" : ": " + note) + "), perhaps you should set " + field + " to at least " + min
                + " or leave it out";
    }

    public static String unknownProperty(String key, String target, String nearest, List<String> known) {
        return "Property '" + key + "' is not a setting of " + target + perhaps(nearest == null
                ? "use one of the keys it reads: " + String.join(", ", known)
                : "write '" + nearest + "' (-Dfaas." + nearest + "=... or <providerProperties><" + nearest + ">)");
    }

    public static String unknownOption(String function, String key, String target, String nearest, List<String> known) {
        return fn(function) + ": option '" + key + "' is not an option of " + target + perhaps(nearest == null
                ? "use one of the keys it reads: " + String.join(", ", known) : "write '" + nearest + "'");
    }

    /** @return the warning for a property the POM overrides, or, for a goal that deletes, the refusal */
    public static String overridden(Overridden o, String deletingGoal) {
        String fix = perhaps("remove <" + o.element() + "> from the plugin's configuration (or set it to ${"
                + o.property() + "}) to pass the value on the command line, or drop -D" + o.property());
        String what = "-D" + o.property() + "=" + o.commandLine() + " on the command line is overridden by the POM's"
                + " configuration ('" + o.configured() + "')";
        return deletingGoal == null ? what + fix
                : deletingGoal + ", but " + what + ", so it would act on '" + o.configured() + "'" + fix;
    }

    // ---- rollback, cost, upload ------------------------------------------------------------------------------------

    public static String rollbackVersionWithoutFunction(String version) {
        return "faas:rollback got -Dfaas.version=" + version + " but no function"
                + perhaps("name the function with -Dfaas.function=...");
    }

    public static String rollbackUnsupported(String displayName, String providerId) {
        return "faas:rollback is not supported by " + displayName + " (" + providerId + "), which keeps no earlier "
                + "versions to move back to" + perhaps("deploy the previous sources again with faas:deploy");
    }

    /** @param function the function asked for, or null for the whole set */
    public static String nothingToRollBack(String setName, String function, String displayName) {
        return "Nothing to roll back: " + (function == null ? "no function of set '" + setName + "'"
                : "function '" + function + "' of set '" + setName + "' is not") + " deployed on " + displayName
                + perhaps("check the names with faas:info");
    }

    public static String negativeInvocations(long invocationsPerMonth) {
        return "faas.invocationsPerMonth is " + invocationsPerMonth
                + perhaps("give a number of calls per month such as 1000000");
    }

    public static String costNeverInvoked(String function) {
        return "faas: function '" + function + "' has no measured duration (never invoked), left out"
                + perhaps("call it with faas:invoke first or pass -Dfaas.durationMs").replaceFirst("^,", ";");
    }

    public static String costNothingMeasured(String setName) {
        return "faas:cost has no measured function of set '" + setName + "'" + perhaps("run faas:deploy and "
                + "faas:invoke first, or pass -Dfaas.durationMs=<ms> -Dfaas.memoryMb=<MB>");
    }

    public static String uploadNeedsLocalRuntime(String providerId) {
        return "faas:upload puts files into the local runtime's buckets, but faas.provider is '" + providerId + "'"
                + perhaps("use the vendor's own tool (aws s3 cp, az storage blob upload, gcloud storage cp)");
    }

    public static String uploadNotAFile(String file) {
        return "faas.file " + file + " is not a file" + perhaps("check the path");
    }

    // ---- providers and operations --------------------------------------------------------------------------------

    public static String unknownProvider(String id, List<String> available) {
        return "No provider '" + id + "' is on the plugin's classpath (found: "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + "), perhaps you should set "
                + "-Dfaas.provider to one of those or add the faasport-provider-" + id
                + " dependency to the plugin";
    }

    /**
     * @return how a person logs in to the provider's cloud, so that every credential error (and the README) says
     *         the same: the vendors' own default chains read what these commands write
     */
    public static String login(String providerId) {
        return switch (providerId) {
            case "aws" -> "log in with `aws sso login` (or `aws configure` for access keys; -Dfaas.aws.profile=<name> "
                    + "picks a profile)";
            case "azure" -> "log in with `az login` (a service principal sets AZURE_CLIENT_ID, AZURE_TENANT_ID and "
                    + "AZURE_CLIENT_SECRET)";
            case "gcp" -> "log in with `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS "
                    + "to a service account key file)";
            case "knative" -> "log in to the cluster your kubeconfig names (`kubectl config current-context`; "
                    + "-Dfaas.knative.context picks another)";
            default -> "check the credentials provider '" + providerId + "' reads";
        };
    }

    /** A credential failure: the login first, then in one short line what was tried (the SDK's story is the cause). */
    public static String notLoggedIn(String operation, String providerId, String message) {
        return "Not logged in to provider '" + providerId + "'" + perhaps(login(providerId)) + "; " + operation
                + " failed: " + message;
    }

    public static String providerFailed(String operation, String providerId, ProviderException e) {
        if (e.needsLogin()) {
            return notLoggedIn(operation, providerId, e.getMessage());
        }
        return Unreachable.of(e, providerId).map(u -> providerFailed(operation, providerId, u.message(),
                u.suggestion())).orElseGet(() -> providerFailed(operation, providerId, e.getMessage(), e.suggestion()));
    }

    // ---- endpoints that refuse, do not resolve or do not answer (Unreachable) ------------------------------------

    private static String endpointProperties(String providerId) {
        return providerId == null ? "the provider's endpoint properties" : "-Dfaas." + providerId + ".endpoint and the like";
    }

    public static String unresolvedHost(String host) {
        return "host '" + host + "' does not resolve";
    }

    public static String unresolvedHostFix(String host, String providerId) {
        return host.matches(".*:\\d+") ? "write the endpoint as a URL with its scheme, e.g. http://" + host + " ("
                + endpointProperties(providerId) + ")"
                : "correct the host name in the endpoint property (" + endpointProperties(providerId)
                + ") or check this machine's DNS and network";
    }

    public static String connectionRefused(String endpoint) {
        return endpoint + " refused the connection (nothing listens there)";
    }

    public static String connectionRefusedFix(String endpoint, String providerId) {
        return "start the service or emulator that should answer at " + endpoint + ", or correct the endpoint property"
                + " that points there (" + endpointProperties(providerId) + "; leave them out to use the vendor's own"
                + " endpoints)";
    }

    public static String notAnswered(String endpoint, boolean notAccepted) {
        return endpoint + (notAccepted ? " did not accept the connection in time"
                : " accepted the connection but did not answer in time");
    }

    public static String notAnsweredFix(String endpoint, String providerId) {
        return "check that " + endpoint + " is the service you meant and that it is up, or correct the endpoint"
                + " property that points there (" + endpointProperties(providerId) + "; leave them out to use the"
                + " vendor's own endpoints)";
    }

    public static String providerFailed(String operation, String providerId, String message, String suggestion) {
        return operation + " on provider '" + providerId + "' failed: " + message
                + (suggestion == null || suggestion.isBlank() ? ", perhaps you should run faas:doctor -Dfaas.provider="
                + providerId + " to check access and configuration" : perhaps(suggestion));
    }

    /** @return ", perhaps you should FIX", whether or not the provider already phrased its suggestion that way */
    public static String perhaps(String suggestion) {
        return ", perhaps you should " + suggestion.strip().replaceFirst("^(?i)perhaps you should\\s+", "");
    }

    public static String functionNotDeployed(String function, String setName, String providerId, List<String> deployed) {
        return fn(function) + " is not deployed for set '" + setName + "' on provider '" + providerId + "' (deployed: "
                + (deployed.isEmpty() ? "none" : String.join(", ", deployed)) + "), perhaps you should run faas:deploy "
                + "first or pass one of the deployed names";
    }

    public static String checkFailed(String rendered, boolean warningsFail, String reportFile) {
        return "The function set does not fit the target's limits" + (warningsFail ? " (warnings fail too)" : "")
                + ", perhaps you should apply the fixes listed below"
                + (reportFile == null ? "" : " (details in " + reportFile + ")")
                + ", or pass -Dfaas.skipCheck to deploy anyway:\n" + rendered;
    }

    public static String unknownFailOn(String value) {
        return "faas.failOn '" + value + "' is unknown, perhaps you should use violation or warning";
    }

    public static String noLimitTable(String providerId) {
        return "Provider '" + providerId + "' has no limit table, so faas:check did not check it";
    }

    public static String liveLimitsUnavailable(String providerId, String message) {
        return "Could not read the live limits of provider '" + providerId + "' (" + message + "), checking against "
                + "the built-in table";
    }

    public static String liveLimitsUnavailable(String providerId, ProviderException e) {
        return liveLimitsUnavailable(providerId, e.needsLogin() ? "not logged in: " + login(providerId) : e.getMessage());
    }

    public static String unknownPlan(String providerId, String detail) {
        return "Checking provider '" + providerId + "' failed: " + detail;
    }

    /**
     * A vendor platform feature a function calls does not exist on a target (faas:check: a warning, never a failure).
     *
     * @param consequence "does not work on gcp: ..."
     * @param evidence    how the handler reaches it
     * @param fix         what to do instead
     */
    public static String lockedIn(String function, String consequence, String evidence, String fix) {
        return fn(function) + " " + consequence + " (" + evidence + "), perhaps you should " + fix;
    }

    public static String reportUnwritable(String file, Exception e) {
        return "Could not write " + file + " (" + e.getMessage() + "), perhaps you should check the permissions of "
                + "the output directory";
    }

    public static String deployFailed(String setName, int failed, int total) {
        return "Deploy of set '" + setName + "' failed for " + failed + " of " + total + " units (see the report "
                + "above), perhaps you should fix the errors listed and run faas:deploy again; it resumes where it "
                + "stopped and leaves finished units alone";
    }

    public static String removeFailed(String setName, int failed) {
        return "Removing set '" + setName + "' failed for " + failed + " units, perhaps you should run faas:remove "
                + "again; deleting what is already gone succeeds";
    }

    public static String unexpectedProviderError(String unit, Throwable error) {
        return "Unit '" + unit + "' failed with an unexpected " + error.getClass().getSimpleName() + ": "
                + error.getMessage() + ", perhaps you should report this as a bug in the provider";
    }

    public static String retryExhausted(String unit, int attempts, String message) {
        return "Unit '" + unit + "' still failed after " + attempts + " attempts: " + message;
    }

    public static String deleteSkipped(int failed) {
        return "Not deleted because " + failed + " create or update step(s) failed: old units stay until the new set "
                + "is deployed, perhaps you should fix those and deploy again";
    }

    public static String interrupted(String unit) {
        return "Unit '" + unit + "' was interrupted before it finished, perhaps you should run the goal again";
    }

    // ---- migration -------------------------------------------------------------------------------------------------

    public static String migrationSameTarget(String providerId) {
        return "faas.from and faas.to both name provider '" + providerId + "' with the same settings, perhaps you "
                + "should set -Dfaas.to to another provider (local, aws, azure, gcp)";
    }

    public static String migrationNothingDeployed(String setName, String sourceId) {
        return "Nothing is deployed for function set '" + setName + "' on provider '" + sourceId + "', so there is "
                + "nothing to migrate, perhaps you should check -Dfaas.from, the source's settings (region, project) "
                + "and the set name, or deploy with faas:deploy instead";
    }

    public static String migrationUnknownSample(String function, List<String> declared) {
        return "A migration sample is configured for function '" + function + "', which the set does not declare ("
                + String.join(", ", declared) + "), perhaps you should fix the function name in <samples>";
    }

    public static String badMigrationSample(String function, String kind, String detail) {
        return fn(function) + ": the migration sample is not a neutral " + kind + " event (" + detail + "), perhaps "
                + "you should write it as documented in dev.faasport.runtime.NeutralEvents, e.g. {\"kind\":\"" + kind
                + "\", ...}";
    }

    public static String unreadableMigrationSample(String function, Path file, Exception e) {
        return fn(function) + ": the migration sample " + file + " cannot be read (" + e.getMessage() + "), perhaps "
                + "you should check the path (relative to the project directory)";
    }

    public static String migrationBlocked(String setName, String targetId, int blockers, Path report) {
        return "Migration of set '" + setName + "' to '" + targetId + "' is blocked by " + blockers + " problem(s) "
                + "(listed in " + report + "); nothing was deployed and the source is untouched, perhaps you should "
                + "apply the fixes listed there and run faas:migrate again";
    }

    public static String migrationDeployFailed(String setName, String targetId, String message, Path report) {
        return "Migration of set '" + setName + "': deploying to '" + targetId + "' failed (" + message + "); the "
                + "source is untouched and " + report + " lists what exists on the target, perhaps you should fix the "
                + "error and run faas:migrate again (it resumes) or remove the partial deployment with faas:remove "
                + "-Dfaas.provider=" + targetId;
    }

    public static String migrationVerificationFailed(String setName, List<String> functions, boolean cutover,
                                                     Path report) {
        return "Migration of set '" + setName + "': " + functions.size() + " function(s) answered differently on the "
                + "target (" + String.join(", ", functions) + ")" + (cutover ? ", so the cutover was not done" : "")
                + "; the source is untouched, perhaps you should compare the answers in " + report + ", configure a "
                + "sample payload for those functions, fix the difference and run faas:migrate again";
    }

    public static String migrationCutoverFailed(String setName, String sourceId, String message, Path report) {
        return "Migration of set '" + setName + "': the target is verified but removing the source on '" + sourceId
                + "' failed (" + message + "), perhaps you should run faas:remove -Dfaas.provider=" + sourceId
                + " to finish the cutover (details in " + report + ")";
    }

    /** @return a best-effort portable spelling of a name, for the "e.g." part of a message */
    public static String suggestName(String name, int max) {
        if (name == null) {
            return "my-function";
        }
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (kebab.length() > max) {
            kebab = kebab.substring(0, max).replaceAll("-+$", "");
        }
        return kebab.isEmpty() ? "my-function" : kebab;
    }
}
