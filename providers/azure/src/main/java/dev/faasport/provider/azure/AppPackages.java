package dev.faasport.provider.azure;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.ProviderConfig;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The app zips that Consumption and Premium apps run from (WEBSITE_RUN_FROM_PACKAGE): one blob per app and content
 * hash in the set's deployments container, read through a read-only SAS.
 */
final class AppPackages {
    private final AzureSettings s;
    private final ProviderConfig.Log log;

    AppPackages(AzureSettings settings, ProviderConfig.Log log) {
        this.s = settings;
        this.log = log;
    }

    /** Uploads the zip once per content hash (a rerun after a killed build finds it) and returns its read-only SAS URL. */
    String upload(AzureInfrastructure.Storage st, String app, Artifact artifact) {
        BlobClient blob = st.container().getBlobClient(app + "/" + artifact.sha256() + ".zip");
        boolean present = false;
        if (blob.exists()) {
            Map<String, String> md = blob.getProperties().getMetadata();
            present = md != null && artifact.sha256().equals(md.get("faasport_sha256"));
        }
        if (!present) {
            log.info("Uploading " + artifact.path().getFileName() + " for " + app + " (" + artifact.zippedBytes() + " bytes)");
            blob.uploadFromFileWithResponse(new BlobUploadFromFileOptions(artifact.path().toString())
                    .setMetadata(Map.of("faasport_set", s.setName(), "faasport_sha256", artifact.sha256())), null, null);
        } else {
            log.info("Package " + artifact.sha256().substring(0, 12) + " for " + app + " is already uploaded");
        }
        // a stable expiry (start of the upload's year + 10 years) keeps reruns from changing the setting needlessly
        OffsetDateTime expiry = LocalDate.now(ZoneOffset.UTC).withDayOfYear(1).plusYears(10).atStartOfDay().atOffset(ZoneOffset.UTC);
        BlobServiceSasSignatureValues sas = new BlobServiceSasSignatureValues(expiry, new BlobSasPermission().setReadPermission(true))
                .setProtocol(s.storageEndpoint() != null && "http".equals(s.storageEndpoint().getScheme())
                        ? SasProtocol.HTTPS_HTTP : SasProtocol.HTTPS_ONLY);
        return blob.getBlobUrl() + "?" + blob.generateSas(sas);
    }

    /** Deletes every package uploaded for the app. */
    void deleteAll(AzureInfrastructure.Storage st, String app) {
        for (BlobItem b : st.container().listBlobs(new ListBlobsOptions().setPrefix(app + "/"), null)) {
            st.container().getBlobClient(b.getName()).deleteIfExists();
        }
    }
}
