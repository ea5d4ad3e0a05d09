package dev.faasport.spi;

/**
 * Implemented by providers whose secret store lives on this machine (the local provider), so that {@code faas:secret}
 * can add a secret without knowing the provider's classes. Cloud stores are written with the vendor's own tools.
 */
public interface SecretWriter {

    /**
     * Stores a secret's value, replacing an older one.
     *
     * @param name  the secret's name, as {@code secret:NAME} references it
     * @param value its bytes (UTF-8 text)
     * @return where it was stored, for the message
     */
    String putSecret(ProviderConfig config, String name, byte[] value) throws ProviderException;
}
