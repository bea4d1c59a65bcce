package im.confab.sm.blocking.internal;

import java.lang.annotation.Annotation;

/** The blocking plugin's own test helpers; the shared doubles are in {@code im.confab.test.support}. */
final class Fakes {
    private Fakes() {
    }

    /** A configuration as SCR would build it from conf/xmpp.sm.blocking.cfg. */
    static BlockingCore.Config config(int maxItems, int cacheMaxUsers, boolean messageError) {
        return new BlockingCore.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BlockingCore.Config.class;
            }

            @Override
            public int max_items() {
                return maxItems;
            }

            @Override
            public int cache_max_users() {
                return cacheMaxUsers;
            }

            @Override
            public boolean message_error() {
                return messageError;
            }
        };
    }
}
