package im.confab.store.jdbc.internal;

/** The SQL of xml_documents (db/V2__im.sql). */
final class XmlSql {
    static final String GET = "SELECT xml FROM xml_documents WHERE username = ? AND kind = ? AND doc_key = ?";
    static final String UPDATE = "UPDATE xml_documents SET xml = ? WHERE username = ? AND kind = ? AND doc_key = ?";
    static final String INSERT = "INSERT INTO xml_documents (xml, username, kind, doc_key) VALUES (?, ?, ?, ?)";
    static final String DELETE = "DELETE FROM xml_documents WHERE username = ? AND kind = ? AND doc_key = ?";
    static final String DELETE_USER = "DELETE FROM xml_documents WHERE username = ?";
    static final int MAX_KIND = 64;
    static final int MAX_KEY = 1023;

    private XmlSql() {
    }

    /** @throws IllegalArgumentException for a kind or key the schema cannot hold */
    static void check(String kind, String key) {
        if (kind == null || kind.isEmpty() || kind.length() > MAX_KIND) {
            throw new IllegalArgumentException("the document kind must have 1 to " + MAX_KIND + " characters");
        }
        if (key == null || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("the document key must have at most " + MAX_KEY + " characters");
        }
    }
}
