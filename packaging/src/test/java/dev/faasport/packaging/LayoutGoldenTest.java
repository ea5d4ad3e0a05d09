package dev.faasport.packaging;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.PackageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every layout writes the same bytes and the same unit settings as before the layouts moved behind
 * {@code PackageLayout} (issue 16): the hashes below were recorded from the packager as it was, and recorded once
 * more when {@code Archive} moved onto commons-compress, whose stored entries say "version needed to extract 1.0"
 * where the hand-written writer said 2.0 (the only byte that differs: every package of the fixtures was compared;
 * configuration hashes moved only where a unit records its layer's hash, and unit settings only in that hash).
 */
class LayoutGoldenTest {
    @TempDir
    Path tmp;

    private Map<String, String> pack(String provider, PackageFormat format, boolean layer, Map<String, String> settings)
            throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve(provider + (layer ? "-layer" : "")));
        fx.sharedLayer = layer;
        fx.settings.putAll(settings);
        Map<String, String> out = new TreeMap<>();
        PackageResult r = new Packager().pack(fx.request(), provider, format);
        // the manifest names the Lambda layer by its absolute path (aws.layer.path): the temporary root is left out
        String manifest = java.nio.file.Files.readString(r.manifest()).replace(fx.root.toString(), "ROOT");
        out.put("manifest.json", ConfigHash.sha256(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (DeployUnit u : r.units()) {
            Map<String, String> s = new TreeMap<>(u.settings());
            s.keySet().removeIf(k -> k.endsWith(".path")); // absolute paths under the temporary directory
            out.put(u.name(), u.artifact().sha256() + " " + u.configHash() + " " + s);
        }
        return out;
    }

    @Test
    void packagesAreByteForByteAsBefore() throws Exception {
        Map<String, Map<String, String>> all = new TreeMap<>();
        all.put("local", pack("local", PackageFormat.LOCAL_ZIP, false, Map.of()));
        all.put("aws", pack("aws", PackageFormat.LAMBDA_ZIP, false, Map.of()));
        all.put("aws-layer", pack("aws", PackageFormat.LAMBDA_ZIP, true, Map.of()));
        all.put("azure", pack("azure", PackageFormat.AZURE_APP_ZIP, false, Map.of("azure.plan", "premium")));
        all.put("gcp", pack("gcp", PackageFormat.GCF_SOURCE_ZIP, false, Map.of()));
        StringBuilder b = new StringBuilder();
        all.forEach((p, units) -> units.forEach((u, v) -> b.append(p).append('/').append(u).append(' ').append(v).append('\n')));
        assertThat(b.toString().lines()).containsExactlyElementsOf(GOLDEN.lines().toList());
    }

    private static final String GOLDEN = """
            aws/hello 797b23da48301aa2682f8272908e19cb501cd0e724066a5bf84a37cf32f776c8 3b9260d98b767234089d2fa5091efdfd8025d07edb8a6a537ecae961f07eaa6e {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws/manifest.json 28e445e2c376369260dc838ff860ecb211b190a6bf2ebbd5b60eaac7268f8194
            aws/nightly 7f46b7ec25b346cf9e05e12fab624af57dcfdd1b4e9d2cdefeb9b027a53ff51a 5c06631a13be6c41096be2a4089536d045efe00e543c3e1588b9e2bbd6219d08 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws/thumbnail 4582c8f0ff32e439c902e5f0dc827d2a804378f791103f59e98618d30e95fe53 9cef55af08be8719d4d312f1291be1d4a21bd65df3b4c97262dc0905717dca16 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws/worker 86dcb81aa3c27a9f8b80cfd6cded4ce3029073325acb9b11539de47c6bb70f8e e0383a90114fd8557ff7376a57c960f9deb4eeff2589973614a94a26f4b05483 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws-layer/hello a1f26ac7195273ed28179fb623971b5488b8039a3677f786fc05000efb36e5c5 5d8ec5f75bfbcdcae54698fd3e8e141d7b393ca8013806e3d01d6873a279fc7c {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=749674d8e03f1cbd996578721ddb0d7d1148a7a4073a4a26491c8487202872c9, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            aws-layer/manifest.json eb8ee6bcb05c4a1aeee1b47bb0070920104f70109e7a3fe1d1f93c08bb22f2b0
            aws-layer/nightly 262beaddb82aa6877d46c0e8a2758e7fd7de7cfd245c41ba9c3247c8c0531684 1d9705af9f11c8f8d0d28ee8c31adcf009524db7ec3be1371a43ecbc304dbdf3 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=749674d8e03f1cbd996578721ddb0d7d1148a7a4073a4a26491c8487202872c9, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            aws-layer/thumbnail 676e05aa3dc956626b77e427a9fd3d345de253c1388c07b5935c21e04e6ffce7 72affc5fcfa55c5d13ba4d6b3d2ada910d344f2d728d8a59dd95118a87725cb4 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=749674d8e03f1cbd996578721ddb0d7d1148a7a4073a4a26491c8487202872c9, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            aws-layer/worker 3f879f596148c0e95c4651253bfa5bd781d760a44fd0e0a98514800838536327 e39fc126a9f962ccf80d1fd5d1b0843bd2dc8f47345cece471fa28a0d99af8ef {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=749674d8e03f1cbd996578721ddb0d7d1148a7a4073a4a26491c8487202872c9, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            azure/hello-set 48a27b6c631386d421314921c0affff6bc8d2651d27d2f588f6d222ffca46e25 e84b534d1043e83fc1f844f63e73ad0d2a9333e427a6bd6f2afa8f8982ff209f {azure.app=hello-set, azure.appDefaulted=true, azure.plan=premium, azure.scriptFile=faasport-app.jar, java.runtime=21}
            azure/manifest.json 6933f85199b13ae82bcb1c70fc4f2ae24d9024ed104e264aa991e0112421d084
            gcp/hello e3f4d0d88b7ec55e68f97ce95087951353c8372668e4dccef03570b042e6ad0a 3b9260d98b767234089d2fa5091efdfd8025d07edb8a6a537ecae961f07eaa6e {gcp.entryPoint=dev.faasport.runtime.gcp.GcfHttpHandler, java.runtime=java25}
            gcp/manifest.json 748daf8c4cc062e1e3f6cdc73a21f1582c2ad2da3c0a3dceb3adbc997098fec2
            gcp/nightly 8d99402f1e12b681fa28b7c4c3ae7dba8c519133dba93c63a587ac96d433e4d7 5c06631a13be6c41096be2a4089536d045efe00e543c3e1588b9e2bbd6219d08 {gcp.entryPoint=dev.faasport.runtime.gcp.GcfEventHandler, java.runtime=java25}
            gcp/thumbnail 2beed19c0ce02be0300206a9a9c6a342ea99040d47c1f13f7bbccd25f7cd5356 9cef55af08be8719d4d312f1291be1d4a21bd65df3b4c97262dc0905717dca16 {gcp.entryPoint=dev.faasport.runtime.gcp.GcfEventHandler, java.runtime=java25}
            gcp/worker 49f8579d1c1267a9e8b42d6157cf769eb51e5c522263d7093e5af635a345730b e0383a90114fd8557ff7376a57c960f9deb4eeff2589973614a94a26f4b05483 {gcp.entryPoint=dev.faasport.runtime.gcp.GcfEventHandler, java.runtime=java25}
            local/hello 67c261bf9d97da2597db9dcfa2d99023f22fb68b733d28c1c83d6947f6e0fdc3 5f6b428d2354400141c1da8cd6d89d9faf9f111bd756bcbff67e1612c3a3e875 {}
            local/manifest.json 3e5d60dccb64c718b14aaab8e75d6d8b27303412e9d89a2434d9543341587adb
            local/nightly b477ebd524e25a48ab28851f55fc3945dbd49829fd2557100478236290365e5e 9a2fa33fce92d2d65171a109418f8f3ea58fdfa0cfdda309d89e0a445192d75a {}
            local/thumbnail c5f89ac1923f64148a8198cc483172af1f0d8f73c646edb9d2770bb6a082ed63 83715a8205e0cc2d770ea5b3278954800203da7c64bca78e883e3721d930e741 {}
            local/worker 7964af88551f59780ef31d3d99bd74c7ee52f34b0758fc210a55db9262e4ad64 6bb7ae77becaf576960aa4e51e30c17b21376458317790c877da9f41c08d0f95 {}
            """;
}
