package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The S3 bucket that stages zips above Lambda's direct-upload size ({@code aws.bucket}, else
 * {@code faasport-<account>-<region>}), created and tagged on first use.
 */
final class DeploymentBucket {

    /** Where a staged zip is: CreateFunction, UpdateFunctionCode and PublishLayerVersion name it instead of the bytes. */
    record Location(String bucket, String key) { }

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;
    private final Object lock = new Object();
    private volatile String ready;

    DeploymentBucket(AwsClients clients, AwsSettings settings, ProviderConfig.Log log) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
    }

    /** @return where the zip is when it is too large for a direct upload, after uploading it there */
    Optional<Location> stage(Path zip, String key, String what) throws ProviderException {
        long size;
        try {
            size = Files.size(zip);
        } catch (IOException e) {
            throw AwsErrors.map("Reading " + what, null, e);
        }
        if (size <= settings.directUploadMaxBytes()) {
            return Optional.empty();
        }
        String bucket = bucket();
        try {
            boolean present;
            try {
                clients.s3().headObject(b -> b.bucket(bucket).key(key));
                present = true;
            } catch (RuntimeException e) {
                if (!AwsErrors.notFound(e) && !(e instanceof NoSuchKeyException)) {
                    throw e;
                }
                present = false;
            }
            if (!present) {
                // the key holds the archive's hash, so an object already there is the same package
                clients.s3().putObject(b -> b.bucket(bucket).key(key).contentType("application/zip")
                                .overrideConfiguration(clients.upload(size)), RequestBody.fromFile(zip));
                log.info("Uploaded " + what + " (" + size + " bytes) to s3://" + bucket + "/" + key);
            }
        } catch (RuntimeException e) {
            throw AwsErrors.map("Uploading " + what + " to s3://" + bucket, null, e);
        }
        return Optional.of(new Location(bucket, key));
    }

    /** @return the zip's bytes for a direct upload */
    static byte[] read(Path path, String function) throws ProviderException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw ProviderException.permanent("Reading the package " + path + " of function '" + function
                    + "' failed: " + e.getMessage(), "run faas:package again");
        }
    }

    private String bucket() throws ProviderException {
        String bucket = settings.bucket();
        if (bucket == null) {
            bucket = "faasport-" + clients.accountId() + "-" + clients.region().id();
        }
        if (bucket.equals(ready)) {
            return bucket;
        }
        synchronized (lock) {
            if (bucket.equals(ready)) {
                return bucket;
            }
            String b = bucket;
            try {
                try {
                    clients.s3().headBucket(r -> r.bucket(b));
                } catch (RuntimeException e) {
                    if (!AwsErrors.notFound(e) && !(e instanceof NoSuchBucketException)) {
                        throw e;
                    }
                    create(b);
                }
            } catch (RuntimeException e) {
                throw AwsErrors.map("Preparing the deployment bucket s3://" + b, null, e);
            }
            ready = bucket;
            return bucket;
        }
    }

    private void create(String b) {
        clients.s3().createBucket(r -> {
            r.bucket(b);
            if (!clients.region().id().equals("us-east-1")) {
                r.createBucketConfiguration(c -> c.locationConstraint(
                        BucketLocationConstraint.fromValue(clients.region().id())));
            }
        });
        log.info("Created the deployment bucket s3://" + b);
        try {
            clients.s3().putBucketTagging(r -> r.bucket(b).tagging(Tagging.builder().tagSet(
                    Tag.builder().key(LambdaMapping.TAG_SET).value(settings.setName()).build(),
                    Tag.builder().key("faasport-purpose").value("deployment-packages").build()).build()));
        } catch (RuntimeException tagging) {
            // an untagged bucket still deploys; some S3 emulators do not implement bucket tagging
            log.warn("Could not tag the deployment bucket s3://" + b + ": " + tagging.getMessage());
        }
    }
}
