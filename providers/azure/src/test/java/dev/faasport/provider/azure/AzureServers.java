package dev.faasport.provider.azure;

import dev.faasport.provider.azure.testing.ArmTestServer;
import dev.faasport.provider.azure.testing.AzuriteProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** One Azurite and one ARM test server per test class, started before its tests and stopped after them. */
abstract class AzureServers {
    static AzuriteProcess azurite;
    static ArmTestServer arm;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        azurite = new AzuriteProcess();
        arm = new ArmTestServer();
    }

    @AfterAll
    static void stop() {
        if (arm != null) {
            arm.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }
}
