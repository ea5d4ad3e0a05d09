package dev.faasport.runtime.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sends the HTTPS connections to a few named hosts through the local runtime's proxy and leaves every other
 * connection to the JVM's previous selector: {@code https.proxyHost} would take all of them, and
 * {@code http.nonProxyHosts} can only exempt hosts, not name the few to take. Installed by {@link WorkerMain} when
 * the daemon sets {@value #PROXY} ({@code host:port}) and {@value #HOSTS} (comma-separated), so that a vendor client
 * that always addresses its cloud (google-cloud-storage's https://storage.googleapis.com) reaches the local runtime.
 * The JDK's {@code HttpURLConnection}, on which google-http-client's default transport is built, asks the default
 * selector for each connection.
 */
public final class HostProxySelector extends ProxySelector {

    public static final String PROXY = "faasport.local.proxy";
    public static final String HOSTS = "faasport.local.proxyHosts";

    private final ProxySelector previous;
    private final Proxy proxy;
    private final Set<String> hosts;

    HostProxySelector(ProxySelector previous, InetSocketAddress proxy, Set<String> hosts) {
        this.previous = previous;
        this.proxy = new Proxy(Proxy.Type.HTTP, proxy);
        this.hosts = hosts;
    }

    /** Installs the selector when the daemon asked for it. */
    static void installFromProperties() {
        String proxy = System.getProperty(PROXY);
        String hosts = System.getProperty(HOSTS);
        if (proxy == null || hosts == null || proxy.lastIndexOf(':') < 0) {
            return;
        }
        int colon = proxy.lastIndexOf(':');
        ProxySelector.setDefault(new HostProxySelector(ProxySelector.getDefault(),
                new InetSocketAddress(proxy.substring(0, colon), Integer.parseInt(proxy.substring(colon + 1))),
                Set.of(hosts.toLowerCase(Locale.ROOT).split(","))));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        if ("https".equalsIgnoreCase(uri.getScheme()) && host != null && hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return List.of(proxy);
        }
        return previous == null ? List.of(Proxy.NO_PROXY) : previous.select(uri);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        if (previous != null) {
            previous.connectFailed(uri, sa, ioe);
        }
    }
}
