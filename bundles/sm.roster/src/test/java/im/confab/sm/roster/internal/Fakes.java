package im.confab.sm.roster.internal;

import java.lang.annotation.Annotation;

/** The roster plugin's own test helpers; the shared doubles are in {@code im.confab.test.support}. */
final class Fakes {
    private Fakes() {
    }

    /** A configuration as SCR would build it from conf/xmpp.sm.roster.cfg. */
    static RosterHandler.Config config(int maxItems, int maxName, int maxGroup) {
        return new RosterHandler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RosterHandler.Config.class;
            }

            @Override
            public int max_items() {
                return maxItems;
            }

            @Override
            public int max_name_length() {
                return maxName;
            }

            @Override
            public int max_group_length() {
                return maxGroup;
            }
        };
    }
}
