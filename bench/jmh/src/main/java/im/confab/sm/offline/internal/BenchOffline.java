package im.confab.sm.offline.internal;

import im.confab.api.session.SessionManager;
import im.confab.api.sm.StanzaPostprocessor;
import im.confab.api.store.OfflineStore;

import java.lang.annotation.Annotation;

/**
 * Benchmark glue (bench/jmh only, not part of the plugin): XEP-0160 offline storage as DS would activate it with
 * the default configuration of {@code xmpp.sm.offline}.
 */
public final class BenchOffline {
    private BenchOffline() {
    }

    public static StanzaPostprocessor storage(OfflineStore store, SessionManager sessions) {
        return new OfflineStorage(new OfflineSpool(store, sessions, new OfflineSpool.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OfflineSpool.Config.class;
            }

            @Override
            public int quota() {
                return 1000;
            }

            @Override
            public int batch_size() {
                return 100;
            }
        }));
    }
}
