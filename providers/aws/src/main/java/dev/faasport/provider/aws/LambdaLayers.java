package dev.faasport.provider.aws;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.LayerVersionContentInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The layers a zip function runs with: the set's shared dependency layer, published once per content hash (layers
 * take no tags, so the hash is in the description), followed by the ARNs of {@code aws.layers}.
 */
final class LambdaLayers {

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;
    private final LambdaMapping mapping;
    private final DeploymentBucket bucket;
    /** Shared-layer SHA-256 to its published layer version ARN: one PublishLayerVersion per layer per session. */
    private final ConcurrentMap<String, String> arns = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    LambdaLayers(AwsClients clients, AwsSettings settings, ProviderConfig.Log log, LambdaMapping mapping,
                 DeploymentBucket bucket) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
        this.mapping = mapping;
        this.bucket = bucket;
    }

    /** @return the layer version ARNs the unit's function runs with; none for an image, which holds its dependencies */
    List<String> of(DeployUnit unit) throws ProviderException {
        if (LambdaMapping.isImage(unit)) {
            return List.of(); // validation rejected explicit layers for images
        }
        AwsUnitSettings typed = AwsUnitSettings.of(unit);
        List<String> out = new ArrayList<>();
        if (typed.layerPath() != null) {
            out.add(shared(unit, typed));
        }
        out.addAll(typed.layers());
        return out;
    }

    /**
     * Finds the layer version whose description carries the layer zip's SHA-256, or publishes it: a rerun, another
     * session or a killed build that already published it reuses that version.
     */
    private String shared(DeployUnit unit, AwsUnitSettings typed) throws ProviderException {
        Path zip = typed.layerPath();
        if (!Files.isRegularFile(zip)) {
            throw ProviderException.permanent("The shared layer " + zip + " of function '" + unit.name()
                    + "' is missing", "run faas:package before faas:deploy");
        }
        String sha = typed.layerSha256() != null ? typed.layerSha256() : sha256(zip);
        String known = arns.get(sha);
        if (known != null) {
            return known;
        }
        synchronized (lock) {
            known = arns.get(sha);
            if (known != null) {
                return known;
            }
            String name = mapping.layerName();
            String marker = "sha256:" + sha;
            String arn = null;
            try {
                try {
                    for (var v : clients.lambda().listLayerVersionsPaginator(b -> b.layerName(name)).layerVersions()) {
                        if (v.description() != null && v.description().startsWith(marker)) {
                            arn = v.layerVersionArn();
                            break;
                        }
                    }
                } catch (RuntimeException e) {
                    if (!AwsErrors.notFound(e)) {
                        throw e;
                    }
                }
                if (arn == null) {
                    arn = publish(unit, typed, zip, name, marker, sha);
                }
            } catch (RuntimeException e) {
                throw AwsErrors.map("Publishing the shared layer " + name, unit.name(), e);
            }
            arns.put(sha, arn);
            return arn;
        }
    }

    private String publish(DeployUnit unit, AwsUnitSettings typed, Path zip, String name, String marker, String sha)
            throws ProviderException {
        var content = LayerVersionContentInput.builder();
        Optional<DeploymentBucket.Location> s3 = bucket.stage(zip, mapping.layerKey(sha),
                "the shared layer of set '" + settings.setName() + "'");
        if (s3.isPresent()) {
            content.s3Bucket(s3.get().bucket()).s3Key(s3.get().key());
        } else {
            content.zipFile(SdkBytes.fromByteArray(DeploymentBucket.read(zip, unit.name())));
        }
        String description = marker + " shared dependencies of Faasport set " + settings.setName();
        long layerBytes = zip.toFile().length();
        String arn = clients.lambda().publishLayerVersion(b -> b.layerName(name)
                .overrideConfiguration(clients.upload(layerBytes))
                .description(description.length() > 256 ? description.substring(0, 256) : description)
                .content(content.build())
                .compatibleRuntimesWithStrings(typed.runtimeOr(settings.runtime()))
                .compatibleArchitecturesWithStrings(settings.architecture())).layerVersionArn();
        log.info("Published the shared layer " + arn);
        return arn;
    }

    private static String sha256(Path file) throws ProviderException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw ProviderException.permanent("Hashing " + file + " failed: " + e.getMessage(), "run faas:package again");
        }
    }
}
