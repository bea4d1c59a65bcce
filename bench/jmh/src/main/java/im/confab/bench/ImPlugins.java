package im.confab.bench;

import im.confab.sm.blocking.internal.BenchBlocking;
import im.confab.sm.internal.BenchSessionManager;
import im.confab.sm.internal.BenchSessionManager.Stage;
import im.confab.sm.offline.internal.BenchOffline;
import im.confab.test.support.MemoryBlockingStore;
import im.confab.test.support.MemoryOfflineStore;

/**
 * The im feature's plugins that a routed message or presence meets, registered with the service properties of
 * their DS descriptors over the in-memory stores: XEP-0191 IqBlocker (preprocessor), OutboundBlocker and
 * InboundBlocker (processors), XEP-0160 OfflineStorage (postprocessor).
 */
final class ImPlugins {
    private ImPlugins() {
    }

    static void addTo(BenchSessionManager server) {
        BenchBlocking blocking = new BenchBlocking(new MemoryBlockingStore(), server.api());
        server.addPlugin(Stage.PREPROCESSOR, blocking.iqBlocker(),
                Descriptors.properties("im.confab.sm.blocking.internal.IqBlocker"));
        server.addPlugin(Stage.PROCESSOR, blocking.outboundBlocker(),
                Descriptors.properties("im.confab.sm.blocking.internal.OutboundBlocker"));
        server.addPlugin(Stage.PROCESSOR, blocking.inboundBlocker(),
                Descriptors.properties("im.confab.sm.blocking.internal.InboundBlocker"));
        server.addPlugin(Stage.POSTPROCESSOR, BenchOffline.storage(new MemoryOfflineStore(), server.api()),
                Descriptors.properties("im.confab.sm.offline.internal.OfflineStorage"));
    }
}
