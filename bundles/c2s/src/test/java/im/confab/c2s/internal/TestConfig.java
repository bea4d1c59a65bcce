package im.confab.c2s.internal;

import java.lang.annotation.Annotation;

/** The defaults of {@link C2sConfig}, with no listener (both ports 0) and the two TLS/PLAIN switches given. */
record TestConfig(boolean starttlsRequired, boolean allowPlain) implements C2sConfig {
    @Override
    public Class<? extends Annotation> annotationType() {
        return C2sConfig.class;
    }

    @Override
    public String bind_address() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return 0;
    }

    @Override
    public int direct_tls_port() {
        return 0;
    }

    @Override
    public boolean starttls_required() {
        return starttlsRequired;
    }

    @Override
    public boolean allow_unencrypted_plain_auth() {
        return allowPlain;
    }

    @Override
    public int max_stanza_size() {
        return 262144;
    }

    @Override
    public int max_stanza_size_preauth() {
        return 262144;
    }

    @Override
    public int max_depth() {
        return 32;
    }

    @Override
    public int auth_timeout() {
        return 60;
    }

    @Override
    public int max_outbound_bytes() {
        return 1048576;
    }

    @Override
    public int sasl_max_attempts() {
        return 5;
    }

    @Override
    public int io_threads() {
        return 1;
    }

    @Override
    public String transport() {
        return "auto";
    }

    @Override
    public boolean native_tls() {
        return true;
    }
}
