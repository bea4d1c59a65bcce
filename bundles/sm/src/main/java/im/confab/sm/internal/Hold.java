package im.confab.sm.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Stanzas for an interest key whose plugin just went away, kept (bounded in count and time) for the next
 * version of the plugin: a bundle update or refresh unregisters and re-registers it, and nothing sent meanwhile
 * may be lost or answered with an error.
 */
final class Hold {
    final String key;
    final Slot.Stage stage;
    final long bundleId;
    final String plugin;
    private final int max;
    private final List<Work> items = new ArrayList<>();
    private boolean released;

    Hold(String key, Slot.Stage stage, long bundleId, String plugin, int max) {
        this.key = key;
        this.stage = stage;
        this.bundleId = bundleId;
        this.plugin = plugin;
        this.max = max;
    }

    /** @return false when released or full: the caller handles the stanza itself */
    synchronized boolean add(Work w) {
        if (released || items.size() >= max) {
            return false;
        }
        items.add(w);
        return true;
    }

    /** Ends holding; returns what was held, oldest first. */
    synchronized List<Work> release() {
        released = true;
        return takeAll();
    }

    // The swap itself (PluginTracker) holds this object's monitor across several steps, so that a sender
    // blocked in add() comes after everything handed over. These require the caller to hold the monitor.

    List<Work> takeAll() {
        List<Work> out = new ArrayList<>(items);
        items.clear();
        return out;
    }

    void append(Work w) {
        items.add(w);
    }

    void markReleased() {
        released = true;
    }

    synchronized int size() {
        return items.size();
    }
}
