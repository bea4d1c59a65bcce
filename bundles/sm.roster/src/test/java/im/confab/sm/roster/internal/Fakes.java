package im.confab.sm.roster.internal;

import im.confab.api.sm.IqClient;
import im.confab.api.stanza.Stanza;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The roster plugin's own test helpers; the shared doubles are in {@code im.confab.test.support}. */
final class Fakes {
    private Fakes() {
    }

    /** A configuration as SCR would build it from conf/xmpp.sm.roster.cfg. */
    static RosterHandler.Config config(int maxItems, int maxName, int maxGroup) {
        return config(maxItems, maxName, maxGroup, 5);
    }

    static RosterHandler.Config config(int maxItems, int maxName, int maxGroup, int pushAnswerTimeout) {
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

            @Override
            public int push_answer_timeout() {
                return pushAnswerTimeout;
            }
        };
    }

    /** Records the requests the server sends; each is answered when the test completes its future. */
    static final class Iqs implements IqClient {
        final Map<Stanza, CompletableFuture<Stanza>> requests = new LinkedHashMap<>();
        final List<Long> timeouts = new ArrayList<>();

        @Override
        public CompletionStage<Stanza> request(Stanza iq, long timeout, TimeUnit unit) {
            CompletableFuture<Stanza> f = new CompletableFuture<>();
            requests.put(iq, f);
            timeouts.add(unit.toSeconds(timeout));
            return f;
        }
    }
}
