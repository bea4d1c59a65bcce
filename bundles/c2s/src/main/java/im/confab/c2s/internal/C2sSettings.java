package im.confab.c2s.internal;

import im.confab.api.xml.XmlStreamParserFactory;

/** The validated c2s configuration; a bad value fails activation naming the PID and key. */
record C2sSettings(String bindAddress, int port, int directTlsPort, boolean starttlsRequired,
                   boolean allowUnencryptedPlainAuth,
                   XmlStreamParserFactory.Limits preAuthLimits, XmlStreamParserFactory.Limits limits,
                   int authTimeoutSeconds, int maxOutboundBytes, int saslMaxAttempts, int ioThreads,
                   String transport, boolean nativeTls) {

    static C2sSettings of(C2sConfig c) {
        port("port", c.port());
        port("direct.tls.port", c.direct_tls_port());
        if (c.port() != 0 && c.port() == c.direct_tls_port()) {
            throw new IllegalArgumentException("xmpp.c2s: port and direct.tls.port must differ");
        }
        atLeast("max.stanza.size", c.max_stanza_size(), 10240);
        atLeast("max.stanza.size.preauth", c.max_stanza_size_preauth(), 4096);
        atLeast("max.depth", c.max_depth(), 4);
        atLeast("auth.timeout", c.auth_timeout(), 1);
        atLeast("max.outbound.bytes", c.max_outbound_bytes(), 65536);
        atLeast("sasl.max.attempts", c.sasl_max_attempts(), 1);
        atLeast("io.threads", c.io_threads(), 0);
        return new C2sSettings(c.bind_address().trim(), c.port(), c.direct_tls_port(), c.starttls_required(),
                c.allow_unencrypted_plain_auth(),
                new XmlStreamParserFactory.Limits(c.max_stanza_size_preauth(), c.max_depth()),
                new XmlStreamParserFactory.Limits(c.max_stanza_size(), c.max_depth()),
                c.auth_timeout(), c.max_outbound_bytes(), c.sasl_max_attempts(), c.io_threads(),
                Transport.checkName(c.transport()), c.native_tls());
    }

    private static void port(String key, int v) {
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException("xmpp.c2s: " + key + " must be a port number (0 = off), is " + v);
        }
    }

    private static void atLeast(String key, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException("xmpp.c2s: " + key + " must be at least " + min + ", is " + v);
        }
    }

    /** @return true if SASL PLAIN may be offered and used on a stream in this state */
    boolean plainAllowed(boolean encrypted) {
        return encrypted || allowUnencryptedPlainAuth;
    }

    boolean sameListeners(C2sSettings o) {
        return o != null && bindAddress.equals(o.bindAddress) && port == o.port && directTlsPort == o.directTlsPort;
    }
}
