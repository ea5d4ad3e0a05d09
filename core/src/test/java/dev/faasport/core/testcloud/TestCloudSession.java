package dev.faasport.core.testcloud;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/** Test Cloud's API: takes a bundle only when it is laid out as Test Cloud reads it, and answers from it. */
final class TestCloudSession implements ProviderSession {
    /** A unit as the cloud holds it, with the bundle's own properties file. */
    record Deployed(DeployedUnit unit, String properties) {
    }

    private final Map<String, Deployed> cloud;

    TestCloudSession(Map<String, Deployed> cloud) {
        this.cloud = cloud;
    }

    @Override
    public List<DeployedUnit> list() {
        List<DeployedUnit> out = new ArrayList<>();
        cloud.values().forEach(d -> out.add(d.unit()));
        out.sort(java.util.Comparator.comparing(DeployedUnit::name));
        return out;
    }

    @Override
    public DeployedUnit apply(UnitUpdate change) throws ProviderException {
        DeployUnit u = change.desired();
        if (u.artifact() == null || u.artifact().format() != TestCloudProvider.BUNDLE) {
            throw ProviderException.permanent("Unit " + u.name() + " is not a Test Cloud bundle", "package it again");
        }
        String properties;
        try (ZipFile zip = new ZipFile(u.artifact().path().toFile())) {
            if (zip.getEntry("bundle/faasport-functions.json") == null || zip.getEntry("testcloud.properties") == null) {
                throw ProviderException.permanent("Bundle " + u.artifact().path() + " has no descriptor or properties",
                        "package it with Test Cloud's layout");
            }
            properties = new String(zip.getInputStream(zip.getEntry("testcloud.properties")).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ProviderException.permanent("Cannot read bundle " + u.artifact().path() + ": " + e, null);
        }
        DeployedUnit deployed = new DeployedUnit(u.setName(), u.name(), u.artifact().sha256(), u.configHash(),
                u.functions(), Map.of(u.name(), "https://testcloud.invalid/" + u.name()), Map.of());
        cloud.put(u.name(), new Deployed(deployed, properties));
        return deployed;
    }

    @Override
    public void delete(DeployedUnit unit) {
        cloud.remove(unit.name());
    }

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        Deployed d = cloud.get(function);
        if (d == null) {
            throw ProviderException.permanent("Test Cloud has no function " + function, "deploy it first");
        }
        return new InvocationResult(200, Map.of(), d.properties().getBytes(StandardCharsets.UTF_8), List.of());
    }

    @Override
    public List<String> logs(String function, int maxLines) {
        return List.of();
    }

    @Override
    public void close() {
    }
}
