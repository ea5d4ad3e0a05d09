package dev.faasport.core;

import dev.faasport.core.deploy.DeployEngine;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.deploy.ProgressListener;
import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.core.error.ProviderOperationException;
import dev.faasport.core.fake.FakeSession;
import dev.faasport.core.fake.Units;
import dev.faasport.core.plan.Planner;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against endpoints that refuse connections or never answer, messages carried raw exception text
 * ({@code UnknownHostException: 127.0.0.1:9: invalid ...}, {@code UNKNOWN java.net...}): they say which endpoint,
 * what failed and the fix, once (issue 19).
 */
class UnreachableEndpointTest {

    @Test
    void aRefusedConnectionNamesTheEndpointAndTheFixOnce() {
        ProviderException e = ProviderException.transientFailure("Unable to execute HTTP request: Connect to"
                + " 127.0.0.1:9 [/127.0.0.1] failed: Connection refused", null, new RuntimeException("wrapped",
                new ConnectException("Connection refused")));

        String message = new ProviderOperationException("Listing the deployed functions", "aws", e).getMessage();

        assertThat(message).isEqualTo("Listing the deployed functions on provider 'aws' failed: 127.0.0.1:9 refused"
                + " the connection (nothing listens there), perhaps you should start the service or emulator that"
                + " should answer at 127.0.0.1:9, or correct the endpoint property that points there (-Dfaas.aws."
                + "endpoint and the like; leave them out to use the vendor's own endpoints)");
        assertThat(message).doesNotContain("ConnectException").doesNotContain("Unable to execute");
    }

    @Test
    void aProviderThatSaidWhatToDoIsNotOverruled() {
        ProviderException e = new ProviderException("Could not list functions: The local runtime on 127.0.0.1:8765"
                + " does not answer", "start it again with faas:deploy", false, null,
                new ConnectException("Connection refused"));

        assertThat(new ProviderOperationException("Listing the deployed functions", "local", e).getMessage())
                .isEqualTo("Listing the deployed functions on provider 'local' failed: Could not list functions: The"
                        + " local runtime on 127.0.0.1:8765 does not answer, perhaps you should start it again with"
                        + " faas:deploy");
    }

    @Test
    void anEndpointWithoutSchemeIsCalledSo() {
        ProviderException e = ProviderException.transientFailure("UnknownHostException: 127.0.0.1:9: invalid IPv6"
                + " address", null, new UnknownHostException("127.0.0.1:9: invalid IPv6 address"));

        assertThat(new ProviderOperationException("Opening a session", "azure", e).getMessage()).isEqualTo(
                "Opening a session on provider 'azure' failed: host '127.0.0.1:9' does not resolve, perhaps you should"
                        + " write the endpoint as a URL with its scheme, e.g. http://127.0.0.1:9 (-Dfaas.azure.endpoint"
                        + " and the like)");
    }

    @Test
    void aGrpcStatusWithANetworkCauseIsSaidPlainly() {
        ProviderException e = ProviderException.permanent("UNKNOWN: java.net.SocketTimeoutException: Read timed out"
                + " (https://localhost:8443/v2/projects/p/locations/r/functions)", null);

        assertThat(new ProviderOperationException("Listing the deployed functions", "gcp", e).getMessage()).isEqualTo(
                "Listing the deployed functions on provider 'gcp' failed: https://localhost:8443 accepted the"
                        + " connection but did not answer in time, perhaps you should check that https://localhost:8443"
                        + " is the service you meant and that it is up, or correct the endpoint property that points"
                        + " there (-Dfaas.gcp.endpoint and the like; leave them out to use the vendor's own endpoints)");
    }

    @Test
    void aUnitThatCannotReachItsTargetSaysSoInTheDeployReport() {
        FakeSession target = new FakeSession(0);
        target.fail("hello", new FakeSession.Fault(ProviderException.permanent("UNKNOWN java.net.ConnectException:"
                + " Connection refused: 127.0.0.1:9", null), false));
        DeployReport report = new DeployEngine().apply(target, Planner.plan("shop", List.of(Units.desired("shop", "hello", "a", "b")),
                List.of()), new DeployOptions(1, RetryPolicy.DEFAULT), ProgressListener.logTo(dev.faasport.spi.ProviderConfig.Log.silent()));

        assertThat(report.failures()).singleElement().satisfies(r -> {
            assertThat(r.error()).isEqualTo("127.0.0.1:9 refused the connection (nothing listens there)");
            assertThat(r.suggestion()).startsWith("start the service or emulator that should answer at 127.0.0.1:9");
        });
    }
}
