package im.confab.sm.blocking.internal;

import im.confab.api.session.SessionManager;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.sm.StanzaPreprocessor;
import im.confab.api.store.BlockingStore;

import java.lang.annotation.Annotation;

/**
 * Benchmark glue (bench/jmh only, not part of the plugin): the XEP-0191 enforcement components as DS would
 * activate them with the default configuration of {@code xmpp.sm.blocking}.
 */
public final class BenchBlocking {
    private final BlockingCore core;

    public BenchBlocking(BlockingStore store, SessionManager sessions) {
        core = new BlockingCore(store, sessions, null, new BlockingCore.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BlockingCore.Config.class;
            }

            @Override
            public int max_items() {
                return 1000;
            }

            @Override
            public int cache_max_users() {
                return 100_000;
            }

            @Override
            public boolean message_error() {
                return true;
            }
        });
    }

    public StanzaPreprocessor iqBlocker() {
        return new IqBlocker(core);
    }

    public StanzaHandler outboundBlocker() {
        return new OutboundBlocker(core);
    }

    public StanzaHandler inboundBlocker() {
        return new InboundBlocker(core);
    }
}
