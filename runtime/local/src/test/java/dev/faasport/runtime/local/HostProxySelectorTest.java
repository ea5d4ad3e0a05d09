package dev.faasport.runtime.local;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostProxySelectorTest {

    static final Proxy LOCAL = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 8765));
    static final Proxy CORPORATE = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 3128));

    @Test
    void onlyHttpsToTheNamedHostsGoesThroughTheRuntimeTheRestAsBefore() {
        ProxySelector previous = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(CORPORATE);
            }

            @Override
            public void connectFailed(URI uri, java.net.SocketAddress sa, java.io.IOException ioe) {
            }
        };
        HostProxySelector selector = new HostProxySelector(previous, new InetSocketAddress("127.0.0.1", 8765),
                Set.of("storage.googleapis.com", "oauth2.googleapis.com"));
        assertThat(selector.select(URI.create("https://storage.googleapis.com/storage/v1/b/x/o"))).containsExactly(LOCAL);
        assertThat(selector.select(URI.create("https://OAuth2.googleapis.com/token"))).containsExactly(LOCAL);
        assertThat(selector.select(URI.create("http://storage.googleapis.com/"))).containsExactly(CORPORATE);
        assertThat(selector.select(URI.create("https://pubsub.googleapis.com/"))).containsExactly(CORPORATE);
        assertThat(selector.select(URI.create("https://storage.googleapis.com.evil.example/"))).containsExactly(CORPORATE);
        assertThat(new HostProxySelector(null, new InetSocketAddress("127.0.0.1", 8765), Set.of("storage.googleapis.com"))
                .select(URI.create("https://example.com/"))).containsExactly(Proxy.NO_PROXY);
    }

    @Test
    void theJdksHttpsProxyHostWouldTakeEveryHost() {
        // why the selector exists: https.proxyHost sends every https URL to the proxy, and http.nonProxyHosts can
        // only exempt hosts by pattern, not name the few to take (java.net "Networking Properties", read 2026-12)
        System.setProperty("https.proxyHost", "127.0.0.1");
        System.setProperty("https.proxyPort", "8765");
        try {
            assertThat(ProxySelector.getDefault().select(URI.create("https://example.com/")))
                    .extracting(p -> p.type() + " " + ((InetSocketAddress) p.address()).getHostString() + ":" + ((InetSocketAddress) p.address()).getPort())
                    .containsExactly("HTTP 127.0.0.1:8765");
        } finally {
            System.clearProperty("https.proxyHost");
            System.clearProperty("https.proxyPort");
        }
    }
}
