package dev.faasport.local;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * The certificate authority of one runtime home, which lets the runtime terminate the TLS of the few Google hosts its
 * workers' default Cloud Storage client calls ({@link #HOSTS}): google-cloud-storage for Java always addresses
 * https://storage.googleapis.com. Generated on first use: a root, trusted by the runtime's workers only (a trust store
 * given to their JVMs: the JDK's cacerts plus this root, so other hosts' certificates check as before), signs an
 * intermediate CA whose name constraints permit those hosts only (RFC 5280 section 4.2.1.10), and the root's key is
 * then dropped. Only the intermediate's key is kept, in {@code <home>/storage-ca.pem} (rw-------): copied, it could
 * vouch for nothing but those hosts. (The JDK ignores the name constraints of a trust anchor's own certificate, but
 * checks those of an intermediate: GoogleTunnelTest.) Certificates are written with a small DER writer, as the JDK
 * has no public API for them.
 */
final class LocalCa {

    /** The hosts whose TLS the runtime terminates: Cloud Storage's JSON API and the OAuth token endpoint. */
    static final List<String> HOSTS = List.of("storage.googleapis.com", "oauth2.googleapis.com");
    /** cacerts' well-known password; the trust store holds public certificates only. */
    static final String TRUST_STORE_PASSWORD = "changeit";
    static final String CA_FILE = "storage-ca.pem";
    static final String TRUST_STORE_FILE = "storage-truststore.p12";
    static final String CA_NAME = "Faasport local runtime CA";
    private static final String ROOT_NAME = "Faasport local runtime root";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    /** The intermediate's key and certificate, and the root certificate the workers trust */
    final PrivateKey caKey;
    private final X509Certificate caCert;
    private final X509Certificate root;

    private LocalCa(PrivateKey caKey, X509Certificate caCert, X509Certificate root) {
        this.caKey = caKey;
        this.caCert = caCert;
        this.root = root;
    }

    /** @return the home's CA, generated on first use */
    static LocalCa load(Path home) throws IOException {
        String pem = Store.readOrCreateSecret(home, CA_FILE, () -> {
            try {
                KeyPair root = keyPair();
                KeyPair ca = keyPair();
                byte[] rootCert = certificate(ROOT_NAME, root.getPublic(), ROOT_NAME, root.getPrivate(), CA_VALIDITY, HOSTS, true);
                byte[] caCert = certificate(CA_NAME, ca.getPublic(), ROOT_NAME, root.getPrivate(), CA_VALIDITY, HOSTS, true);
                return pem("PRIVATE KEY", ca.getPrivate().getEncoded()) + pem("CERTIFICATE", caCert) + pem("CERTIFICATE", rootCert);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate the local runtime's CA", e);
            }
        });
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(unpem(pem, "PRIVATE KEY")));
            return new LocalCa(key, x509(unpem(pem, "CERTIFICATE")),
                    x509(unpem(pem.substring(pem.indexOf("-----END CERTIFICATE-----") + 1), "CERTIFICATE")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("The local runtime's CA in " + home.resolve(CA_FILE) + " cannot be read (" + e.getMessage()
                    + "), perhaps you should delete that file: the next start creates a new one", e);
        }
    }

    /** @return the intermediate CA's certificate */
    X509Certificate certificate() {
        return caCert;
    }

    /** @return the root certificate in the workers' trust store */
    X509Certificate root() {
        return root;
    }

    /** @return a server context presenting a new key and a certificate for {@link #HOSTS}, issued by this CA */
    SSLContext serverContext() throws GeneralSecurityException {
        KeyPair leaf = keyPair();
        X509Certificate cert = x509(certificate(HOSTS.get(0), leaf.getPublic(), CA_NAME, caKey, LEAF_VALIDITY, HOSTS, false));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        char[] password = new char[0];
        ks.setKeyEntry("leaf", leaf.getPrivate(), password, new Certificate[]{cert, caCert, root});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /**
     * Writes the workers' trust store: the JDK's own trusted certificates plus this CA, rewritten at every start so
     * that it follows the JDK's cacerts.
     *
     * @return its path, {@code <home>/storage-truststore.p12} (rw-------)
     */
    Path writeTrustStore(Path home) throws IOException {
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        Path file = home.resolve(TRUST_STORE_FILE);
        Path tmp = home.resolve(TRUST_STORE_FILE + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            KeyStore jdk = KeyStore.getInstance(cacerts.toFile(), TRUST_STORE_PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (String alias : java.util.Collections.list(jdk.aliases())) {
                if (jdk.isCertificateEntry(alias)) {
                    trust.setCertificateEntry(alias, jdk.getCertificate(alias));
                }
            }
            trust.setCertificateEntry("faasport-local-ca", root);
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("The workers' trust store cannot be written from " + cacerts + " (" + e.getMessage()
                    + "), perhaps you should check the JDK's cacerts", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- certificates (RFC 5280 section 4.1) in DER (ITU-T X.690)

    static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /**
     * @return a DER certificate signed with ECDSA over SHA-256: a CA (basic constraints, key usage keyCertSign, name
     *         constraints permitting {@code hosts} only) or a server certificate for {@code hosts}
     */
    static byte[] certificate(String subject, PublicKey key, String issuer, PrivateKey signer, Duration validity,
                              List<String> hosts, boolean ca) throws GeneralSecurityException {
        byte[] ecdsaSha256 = seq(oid(1, 2, 840, 10045, 4, 3, 2));
        byte[][] names = hosts.stream().map(h -> der(0x82, h.getBytes(StandardCharsets.US_ASCII))).toArray(byte[][]::new);
        byte[] extensions;
        if (ca) {
            byte[][] subtrees = java.util.Arrays.stream(names).map(LocalCa::seq).toArray(byte[][]::new);
            extensions = seq(
                    extension(oid(2, 5, 29, 19), seq(der(0x01, new byte[]{(byte) 0xff}))),      // basicConstraints cA
                    extension(oid(2, 5, 29, 15), der(0x03, new byte[]{1, 0x06})),              // keyCertSign, cRLSign
                    extension(oid(2, 5, 29, 30), seq(der(0xa0, subtrees))));                   // nameConstraints
        } else {
            extensions = seq(
                    extension(oid(2, 5, 29, 19), seq()),                                        // not a CA
                    extension(oid(2, 5, 29, 15), der(0x03, new byte[]{7, (byte) 0x80})),      // digitalSignature
                    extension(oid(2, 5, 29, 37), seq(oid(1, 3, 6, 1, 5, 5, 7, 3, 1))),          // serverAuth
                    extension(oid(2, 5, 29, 17), seq(names)));                                 // subjectAltName
        }
        Instant now = Instant.now();
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7f;
        byte[] tbs = seq(
                der(0xa0, der(0x02, new byte[]{2})),                                          // v3
                der(0x02, new BigInteger(1, serial).toByteArray()),
                ecdsaSha256,
                name(issuer),
                seq(time(now.minus(Duration.ofHours(1))), time(now.plus(validity))),
                name(subject),
                key.getEncoded(),                                                            // SubjectPublicKeyInfo
                der(0xa3, extensions));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer);
        s.update(tbs);
        byte[] sig = s.sign();
        byte[] bits = new byte[sig.length + 1];
        System.arraycopy(sig, 0, bits, 1, sig.length);
        return seq(tbs, ecdsaSha256, der(0x03, bits));
    }

    private static byte[] extension(byte[] oid, byte[] value) {
        return seq(oid, der(0x01, new byte[]{(byte) 0xff}), der(0x04, value)); // every one critical
    }

    private static byte[] name(String commonName) {
        return seq(der(0x31, seq(oid(2, 5, 4, 3), der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    /** UTCTime up to 2049, GeneralizedTime after (RFC 5280 section 4.1.2.5). */
    private static byte[] time(Instant t) {
        boolean utc = t.atOffset(ZoneOffset.UTC).getYear() < 2050;
        String s = DateTimeFormatter.ofPattern(utc ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'").format(t.atOffset(ZoneOffset.UTC));
        return der(utc ? 0x17 : 0x18, s.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((v >>> shift) & 0x7f));
            }
            out.write(v & 0x7f);
        }
        return der(0x06, out.toByteArray());
    }

    static byte[] seq(byte[]... parts) {
        return der(0x30, parts);
    }

    /** @return one DER value: tag, definite length, the parts' bytes */
    static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        int n = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static X509Certificate x509(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static byte[] unpem(String pem, String type) {
        int from = pem.indexOf("-----BEGIN " + type + "-----");
        int to = pem.indexOf("-----END " + type + "-----");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + type + " in it");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + type.length() + 16, to));
    }
}
