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
 * {@code PackageLayout} (issue 16): the hashes below were recorded from the packager as it was.
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
            aws/hello 6bf2b4e93cb50b20365fca23cd015f8508601bac222dac326d62e940de094d7f 3b9260d98b767234089d2fa5091efdfd8025d07edb8a6a537ecae961f07eaa6e {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws/manifest.json 31dc819dae16177fad90356de698d4c4c78b57aa02aec5daeac3c499eac96335
            aws/nightly 6b7a94888951ab0e8da2bd505cf0edd7bfc0ba537489867b3067d69c5cb31f81 5c06631a13be6c41096be2a4089536d045efe00e543c3e1588b9e2bbd6219d08 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws/thumbnail 15a13ae9581f66ff7a844ae3eead78a471aa93a3781d94fd15dbe2b6f391a62e 9cef55af08be8719d4d312f1291be1d4a21bd65df3b4c97262dc0905717dca16 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws/worker 3f1e5efab13dbd75f862833dc0afab6cb036340562fe1bb54ad1b4673b708198 e0383a90114fd8557ff7376a57c960f9deb4eeff2589973614a94a26f4b05483 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, java.runtime=java25}
            aws-layer/hello dcf2deecb8e46737181dc20d82e6b98dd313b5e2ee197e228141161347ba2608 bc53c579b27170d86824984033d0299268ffb4629528fff41e9e99c01e1172c6 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=a924ae368757ee45870750f8c0fc755b408b76e92643bb5ef2afae8de0b60291, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            aws-layer/manifest.json 6f286111edb420842bcbeeaeae18df29e5bbf9aa9ae3da08c42506b5da58a816
            aws-layer/nightly 90bddc8fca3b66c4ccbd322d89161b82398eeab42982ea0f66bd26378b992d41 c358136961d585df38024f24072a41437772d2a9f7172068d493364da3ef6c97 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=a924ae368757ee45870750f8c0fc755b408b76e92643bb5ef2afae8de0b60291, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            aws-layer/thumbnail abc6e746c425d271e9f5484c30bf0421a4682f7a41a61ded1b24cee1a65692a9 b614f85beaa15f4527ffa5e4ef0c1ffdc8701d20d6ab1dc91a8f25e3b1b3237f {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=a924ae368757ee45870750f8c0fc755b408b76e92643bb5ef2afae8de0b60291, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            aws-layer/worker f8e2704a81de32cc6cfcbb5a1c5609552f522ca2b94380f7e861200e082dfb24 44b2cac2698902212c7fd72381a557a7bb1814c06b2ed53f0135e0549a532542 {aws.handler=dev.faasport.runtime.aws.LambdaHandler::handleRequest, aws.layer.sha256=a924ae368757ee45870750f8c0fc755b408b76e92643bb5ef2afae8de0b60291, aws.layer.unzippedBytes=294, aws.layer.zippedBytes=776, java.runtime=java25}
            azure/hello-set 8c1b6004e074aede0df110e2590beaa8a7dd03393e352af2c2de56278c10c80a e84b534d1043e83fc1f844f63e73ad0d2a9333e427a6bd6f2afa8f8982ff209f {azure.app=hello-set, azure.appDefaulted=true, azure.plan=premium, azure.scriptFile=faasport-app.jar, java.runtime=21}
            azure/manifest.json 4b3e677c4adfd97cce1e92c971d32208879fc63bc003c2728f993acb1c37e608
            gcp/hello 717fd4ed3cac464aa6cbf7f3d871f9a80de18254fec8a29f73aa015bd27bfd24 3b9260d98b767234089d2fa5091efdfd8025d07edb8a6a537ecae961f07eaa6e {gcp.entryPoint=dev.faasport.runtime.gcp.GcfHttpHandler, java.runtime=java25}
            gcp/manifest.json 328c80442b7140fbffdd68ce46cfb09e96da9a71facfdabf312abc37b6dca6e5
            gcp/nightly d5a3d2954c635b128d104dd6144e0e1608c0415104808547b4dad939866445cf 5c06631a13be6c41096be2a4089536d045efe00e543c3e1588b9e2bbd6219d08 {gcp.entryPoint=dev.faasport.runtime.gcp.GcfEventHandler, java.runtime=java25}
            gcp/thumbnail 1c09ce21f7011e25b3881aa799e9419fb1718203eb172e9a46a3cd3627fa0c60 9cef55af08be8719d4d312f1291be1d4a21bd65df3b4c97262dc0905717dca16 {gcp.entryPoint=dev.faasport.runtime.gcp.GcfEventHandler, java.runtime=java25}
            gcp/worker d30c0dc193485cf4493fcb3290624e655ec73ddc175ca7eb2030c75366c7d2df e0383a90114fd8557ff7376a57c960f9deb4eeff2589973614a94a26f4b05483 {gcp.entryPoint=dev.faasport.runtime.gcp.GcfEventHandler, java.runtime=java25}
            local/hello b0a42d102a938a4c6af78fc5b2b26930d37eae1fad749ec1701816501a85e1b9 5f6b428d2354400141c1da8cd6d89d9faf9f111bd756bcbff67e1612c3a3e875 {}
            local/manifest.json 2f2b99437e8a4320ca43f340a68f70b4ecb647c894fb0e2d09128c2f93ad4f50
            local/nightly 904b00dda00c2cfe0be58625908eba2a5fb06886a8f7a06d4a98254e02ae6ebe 9a2fa33fce92d2d65171a109418f8f3ea58fdfa0cfdda309d89e0a445192d75a {}
            local/thumbnail eb48671d30203bb16149b081189bbafcd198f287a2abd34508115a4132fb2887 83715a8205e0cc2d770ea5b3278954800203da7c64bca78e883e3721d930e741 {}
            local/worker 44de6ef32db877b02152b3b43ff1a38f2addb8a018b431d0dc2443fb04434e5f 6bb7ae77becaf576960aa4e51e30c17b21376458317790c877da9f41c08d0f95 {}
            """;
}
