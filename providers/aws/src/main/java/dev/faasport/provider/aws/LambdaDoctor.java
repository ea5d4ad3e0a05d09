package dev.faasport.provider.aws;

import dev.faasport.spi.DoctorLines;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * faas:doctor's checks (identity, permissions, execution role, ECR repositories and the images of the last
 * faas:package) and the account's own limits that replace the table's maxima.
 */
final class LambdaDoctor {

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;
    private final EcrImages images;
    private final ExecutionRole role;
    /** The build's target/faas, where faas:package leaves manifest.json: doctor checks the images it lists. */
    private final Path workDir;

    LambdaDoctor(AwsClients clients, AwsSettings settings, ProviderConfig.Log log, EcrImages images,
                 ExecutionRole role, Path workDir) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
        this.images = images;
        this.role = role;
        this.workDir = workDir;
    }

    /** @return the account limits Lambda reports, keyed as in faasport-packaging's dev/faasport/limits/aws.json */
    Map<String, Long> liveLimits() throws ProviderException {
        try {
            GetAccountSettingsResponse r = clients.lambda().getAccountSettings();
            Map<String, Long> limits = new TreeMap<>();
            if (r.accountLimit() != null) {
                if (r.accountLimit().codeSizeUnzipped() != null) {
                    limits.put("package.unzipped.bytes", r.accountLimit().codeSizeUnzipped());
                }
                if (r.accountLimit().codeSizeZipped() != null) {
                    limits.put("package.zipped.directUpload.bytes", r.accountLimit().codeSizeZipped());
                }
                if (r.accountLimit().concurrentExecutions() != null) {
                    limits.put("concurrency.max", r.accountLimit().concurrentExecutions().longValue());
                }
            }
            return limits;
        } catch (RuntimeException e) {
            throw AwsErrors.map("Reading the Lambda account limits (GetAccountSettings)", null, e);
        }
    }

    List<String> doctor() {
        List<String> out = new ArrayList<>();
        out.add("region: " + clients.region().id()
                + (settings.endpoint() != null ? " (endpoint " + settings.endpoint() + ")" : ""));
        out.add("credentials: " + settings.profile().map(p -> "profile " + p).orElse("the SDK's default chain"));
        GetCallerIdentityResponse id;
        try {
            id = clients.sts().getCallerIdentity();
            out.add("identity: OK " + id.arn() + " (account " + id.account() + ")");
        } catch (RuntimeException e) {
            ProviderException pe = AwsErrors.map("STS GetCallerIdentity", null, e);
            out.add(DoctorLines.failed("identity", pe));
            return out; // without an identity every other check fails the same way
        }
        out.addAll(new AwsPermissions(clients, settings).check(id.arn()));
        try {
            int n = clients.lambda().listFunctions(b -> b.maxItems(50)).functions().size();
            out.add("lambda:ListFunctions: OK (" + n + (n == 50 ? "+" : "") + " functions)");
        } catch (RuntimeException e) {
            ProviderException pe = AwsErrors.map("lambda:ListFunctions", null, e);
            out.add(DoctorLines.failed("lambda:ListFunctions", pe));
        }
        out.add(executionRole());
        for (String r : settings.ecrRepositories()) {
            repository(out, id.account(), r, "ecr repository " + r + ": ", "(aws.ecrRepositories)");
        }
        packagedImages().forEach((function, ref) -> repository(out, id.account(), ref,
                "image of function '" + function + "' (" + ref + "): ", function));
        return out;
    }

    private String executionRole() {
        if (settings.role() == null) {
            return "execution role: " + (settings.createRole() ? "will be created as " + role.createdName()
                    : "MISSING, perhaps you should set -Dfaas.aws.role or -Dfaas.aws.createRole=true");
        }
        String roleName = settings.role().substring(settings.role().lastIndexOf('/') + 1);
        try {
            GetRoleResponse r = clients.iam().getRole(b -> b.roleName(roleName));
            boolean trusts = r.role().assumeRolePolicyDocument() == null
                    || URLDecoder.decode(r.role().assumeRolePolicyDocument(), StandardCharsets.UTF_8)
                    .contains("lambda.amazonaws.com");
            return "execution role: OK " + r.role().arn() + (trusts ? ""
                    : " (WARNING: its trust policy does not name lambda.amazonaws.com, perhaps you should add it)");
        } catch (RuntimeException e) {
            ProviderException pe = AwsErrors.map("iam:GetRole " + roleName, null, e);
            return "execution role: FAILED " + pe.getMessage() + ", perhaps you should check -Dfaas.aws.role";
        }
    }

    /** @return function name to image reference of the aws units in the last faas:package manifest of this set */
    private Map<String, String> packagedImages() {
        Map<String, String> out = new TreeMap<>();
        Path manifest = workDir == null ? null : workDir.resolve("manifest.json");
        if (manifest == null || !Files.isRegularFile(manifest)) {
            return out;
        }
        try {
            Map<String, Object> doc = Json.parseObject(Files.readString(manifest));
            if (!settings.setName().equals(doc.get("set")) || !(doc.get("providers") instanceof Map<?, ?> providers)
                    || !(providers.get(AwsProvider.ID) instanceof Map<?, ?> aws)
                    || !(aws.get("units") instanceof List<?> units)) {
                return out;
            }
            for (Object u : units) {
                if (u instanceof Map<?, ?> unit && unit.get("artifact") instanceof Map<?, ?> artifact
                        && artifact.get("imageRef") instanceof String ref) {
                    out.put(String.valueOf(unit.get("name")), ref);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a missing or damaged manifest only means there is nothing packaged to check
            log.debug("Could not read " + manifest + ": " + e.getMessage());
        }
        return out;
    }

    /**
     * Creates an ECR repository of aws.ecrRepositories (faas:package pushes the images before any provider call, so
     * a first push needs it to exist already), or checks the repository of a packaged image.
     */
    private void repository(List<String> out, String account, String entry, String line, String function) {
        try {
            // a bare repository name lives in the caller's registry; a full reference must be one Lambda can pull
            EcrImages.ImageRef ref = EcrImages.parse(entry).host().isEmpty() ? EcrImages.parse(entry)
                    : images.checkForLambda(function, entry);
            if (ref.account() != null && !ref.account().equals(account)) {
                out.add(line + "WARNING: it belongs to account " + ref.account() + ", not " + account
                        + ", perhaps you should grant Lambda and this account pull rights in its repository policy");
            }
            out.add(line + (images.ensure(ref) ? "CREATED" : "OK exists"));
        } catch (ProviderException e) {
            out.add(line + DoctorLines.failure(e));
        } catch (IllegalArgumentException e) {
            out.add(line + "FAILED " + e.getMessage() + ", perhaps you should list repository names such as "
                    + "team/" + settings.setName() + "/<function> in -Dfaas.aws.ecrRepositories");
        }
    }
}
