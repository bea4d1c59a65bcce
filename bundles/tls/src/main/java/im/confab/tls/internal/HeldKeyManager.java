package im.confab.tls.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The PKIX key manager's choice of entry (by SNI host, key type and validity), with the keys decrypted once,
 * at activation, and held for the life of the context.
 *
 * <p>Why: the JDK's PKIX manager names the chosen entry with a fresh alias on every handshake
 * ({@code uid.builder.alias}), so its own cache of decrypted entries never hits and every handshake decrypted
 * the PKCS12 key again (PBKDF2, 10,000 iterations by default): 60 % of the server's CPU per TLS login in
 * the login benchmark (bench/login/README.md). The server aliases it hands out are the keystore's own, stable
 * across handshakes, so that BoringSSL (c2s) can cache the key material per alias. An alias we cannot map (a
 * future JDK naming them differently) is passed through to the PKIX manager, which is correct, only slower.
 */
final class HeldKeyManager extends X509ExtendedKeyManager {
    private record Entry(PrivateKey key, X509Certificate[] chain) {
    }

    private final X509ExtendedKeyManager pkix;
    private final Map<String, Entry> entries;

    private HeldKeyManager(X509ExtendedKeyManager pkix, Map<String, Entry> entries) {
        this.pkix = pkix;
        this.entries = Map.copyOf(entries);
    }

    /** Decrypts every key entry of the keystore now. */
    static HeldKeyManager of(X509ExtendedKeyManager pkix, KeyStore ks, char[] password)
            throws GeneralSecurityException {
        Map<String, Entry> entries = new HashMap<>();
        for (String alias : ServerIdentity.keyAliases(ks)) {
            Certificate[] chain = ks.getCertificateChain(alias);
            if (ks.getKey(alias, password) instanceof PrivateKey key && chain != null
                    && Arrays.stream(chain).allMatch(X509Certificate.class::isInstance)) {
                entries.put(alias, new Entry(key, Arrays.copyOf(chain, chain.length, X509Certificate[].class)));
            }
        }
        return new HeldKeyManager(pkix, entries);
    }

    /**
     * @return the keystore alias of an entry the PKIX manager chose ({@code uid.builderIndex.keystoreAlias}), the
     *         same on every handshake, or the PKIX alias itself when it cannot be mapped
     */
    private String stable(String alias) {
        String k = keystoreAlias(alias);
        return k != null && entries.containsKey(k) ? k : alias;
    }

    /** @return our entry for a stable alias, or for one the PKIX manager chose */
    private Entry entry(String alias) {
        if (alias == null) {
            return null;
        }
        Entry e = entries.get(alias);
        if (e != null) {
            return e;
        }
        String k = keystoreAlias(alias);
        return k == null ? null : entries.get(k);
    }

    private static String keystoreAlias(String alias) {
        if (alias == null) {
            return null;
        }
        int a = alias.indexOf('.');
        int b = a < 0 ? -1 : alias.indexOf('.', a + 1);
        if (b < 0 || !digits(alias, 0, a) || !alias.startsWith("0", a + 1) || b != a + 2) {
            return null; // only one keystore (builder 0) is ever given to the PKIX manager
        }
        return alias.substring(b + 1);
    }

    private static boolean digits(String s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Entry e = entry(alias);
        return e != null ? e.key : pkix.getPrivateKey(alias);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Entry e = entry(alias);
        return e != null ? e.chain.clone() : pkix.getCertificateChain(alias);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return stable(pkix.chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return stable(pkix.chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return pkix.chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return pkix.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return pkix.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return pkix.getClientAliases(keyType, issuers);
    }
}
