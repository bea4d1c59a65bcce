package im.confab.api.store;

import im.confab.api.xml.XmlElement;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Per-user XML documents by kind and key: private XML storage (XEP-0049, kind {@code private}, key = the
 * child's namespace), vcard-temp (XEP-0054, kind {@code vcard}, key empty). Stored as serialized XML and
 * parsed back with the server's restricted parser.
 */
@ProviderType
public interface XmlStore {

    /** @return the stored element, empty if none */
    Optional<XmlElement> get(String user, String kind, String key);

    /** Stores (replaces) an element. */
    void put(String user, String kind, String key, XmlElement value);

    /** @return false if there was nothing to delete */
    boolean delete(String user, String kind, String key);

    /** Deletes everything of a user (account removal). */
    void deleteUser(String user);
}
