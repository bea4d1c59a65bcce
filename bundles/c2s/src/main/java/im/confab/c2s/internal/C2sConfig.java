package im.confab.c2s.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of client connections, PID {@code xmpp.c2s}. Every key applies live to new connections. */
@ObjectClassDefinition(name = "Confab client connections (c2s)")
@interface C2sConfig {
    @AttributeDefinition(description = "Address the listeners bind to")
    String bind_address() default "0.0.0.0";

    @AttributeDefinition(description = "STARTTLS port (RFC 6120); 0 disables it")
    int port() default 5222;

    @AttributeDefinition(description = "Direct TLS port (XEP-0368); 0 disables it")
    int direct_tls_port() default 5223;

    @AttributeDefinition(description = "Refuse authentication before STARTTLS")
    boolean starttls_required() default true;

    @AttributeDefinition(description = "Offer and accept SASL PLAIN on streams without TLS (passwords in the clear):"
            + " only for load tests and loopback; has an effect only with starttls.required = false")
    boolean allow_unencrypted_plain_auth() default false;

    @AttributeDefinition(description = "Largest first-level element in bytes after authentication")
    int max_stanza_size() default 262144;

    @AttributeDefinition(description = "Largest first-level element in bytes before authentication")
    int max_stanza_size_preauth() default 262144;

    @AttributeDefinition(description = "Deepest element nesting inside a stanza")
    int max_depth() default 32;

    @AttributeDefinition(description = "Seconds a connection may take to authenticate and bind before it is closed")
    int auth_timeout() default 60;

    @AttributeDefinition(description = "Bytes queued to a client that does not read before its stream is closed")
    int max_outbound_bytes() default 1048576;

    @AttributeDefinition(description = "Failed SASL attempts before the stream is closed")
    int sasl_max_attempts() default 5;

    @AttributeDefinition(description = "Network threads; 0 means one per core. Needs a restart of the bundle")
    int io_threads() default 0;

    @AttributeDefinition(description = "Netty transport: auto (native epoll when it is installed and loads, else"
            + " NIO), epoll, io_uring or nio. Needs a restart of the bundle")
    String transport() default "auto";

    @AttributeDefinition(description = "Use BoringSSL (Netty's tcnative bundles) for TLS when it is installed and"
            + " loads, else the JDK's TLS; false forces the JDK's. Applies to new connections")
    boolean native_tls() default true;
}
