package im.confab.sm.offline.internal;

import java.lang.annotation.Annotation;

/** A configuration as SCR would build it from conf/xmpp.sm.offline.cfg. */
final class TestConfig {
    private TestConfig() {
    }

    static OfflineSpool.Config of(int quota, int batchSize) {
        return new OfflineSpool.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OfflineSpool.Config.class;
            }

            @Override
            public int quota() {
                return quota;
            }

            @Override
            public int batch_size() {
                return batchSize;
            }
        };
    }
}
