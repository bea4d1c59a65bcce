package im.confab.test.support;

import im.confab.api.store.StoreException;
import im.confab.api.store.XmlStore;
import im.confab.api.xml.XmlElement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link XmlStore} in a map keyed {@code user|kind|key}, in insertion order; with {@link #failing} set, every
 * call throws a {@link StoreException}.
 */
public class MemoryXmlStore implements XmlStore {
    /** The stored elements, keyed {@code user|kind|key}. */
    public final Map<String, XmlElement> data = new LinkedHashMap<>();
    /** Makes every call throw. */
    public boolean failing;

    private static String k(String user, String kind, String key) {
        return user + "|" + kind + "|" + key;
    }

    private void check() {
        if (failing) {
            throw new StoreException("database unreachable (expected in this test)", null);
        }
    }

    @Override
    public Optional<XmlElement> get(String user, String kind, String key) {
        check();
        return Optional.ofNullable(data.get(k(user, kind, key)));
    }

    @Override
    public void put(String user, String kind, String key, XmlElement value) {
        check();
        data.put(k(user, kind, key), value);
    }

    @Override
    public boolean delete(String user, String kind, String key) {
        check();
        return data.remove(k(user, kind, key)) != null;
    }

    @Override
    public void deleteUser(String user) {
        check();
        data.keySet().removeIf(key -> key.startsWith(user + "|"));
    }
}
