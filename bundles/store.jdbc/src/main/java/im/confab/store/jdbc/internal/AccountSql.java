package im.confab.store.jdbc.internal;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.jid.Jid;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL of the accounts table (db/V1__accounts.sql) and the rules for what goes into it: one group of four
 * columns per SCRAM hash, usernames as normalized localparts (RFC 7622), passwords never.
 */
final class AccountSql {
    /** Every hash we store, in column order. */
    static final List<ScramAlgorithm> ALGORITHMS = List.of(ScramAlgorithm.values());

    static final String INSERT = "INSERT INTO accounts (" + columns("") + ", created_at, username) VALUES ("
            + String.join(", ", Collections.nCopies(4 * ALGORITHMS.size() + 2, "?")) + ")";
    static final String UPDATE = "UPDATE accounts SET " + columns(" = ?") + " WHERE username = ?";
    static final String DELETE = "DELETE FROM accounts WHERE username = ?";
    /** Everything else stored for a user, deleted with the account (roster_groups go with roster_items). */
    static final java.util.List<String> DELETE_DATA = java.util.List.of(
            "DELETE FROM roster_items WHERE username = ?",
            "DELETE FROM roster_versions WHERE username = ?",
            "DELETE FROM offline_messages WHERE username = ?",
            "DELETE FROM offline_locks WHERE username = ?",
            "DELETE FROM xml_documents WHERE username = ?",
            "DELETE FROM blocklist_items WHERE username = ?",
            "DELETE FROM last_activity WHERE username = ?");
    static final String EXISTS = "SELECT 1 FROM accounts WHERE username = ?";
    static final String USERNAMES = "SELECT username FROM accounts";

    private AccountSql() {
    }

    /** The column prefix of a hash; adding a hash to the API fails compilation here until a migration adds it. */
    static String prefix(ScramAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA_1 -> "sha1_";
            case SHA_256 -> "sha256_";
        };
    }

    private static List<String> columns(ScramAlgorithm a) {
        String p = prefix(a);
        return List.of(p + "salt", p + "iterations", p + "stored_key", p + "server_key");
    }

    private static String columns(String suffix) {
        return ALGORITHMS.stream().flatMap(a -> columns(a).stream()).map(c -> c + suffix)
                .collect(Collectors.joining(", "));
    }

    static String select(ScramAlgorithm algorithm) {
        return "SELECT " + String.join(", ", columns(algorithm)) + " FROM accounts WHERE username = ?";
    }

    /** Binds credentials in {@link #ALGORITHMS} order from parameter {@code index}; returns the next index. */
    static int bindCredentials(PreparedStatement ps, int index, List<ScramCredentials> credentials)
            throws SQLException {
        int i = index;
        for (ScramCredentials c : credentials) {
            ps.setBytes(i++, c.salt());
            ps.setInt(i++, c.iterations());
            ps.setBytes(i++, c.storedKey());
            ps.setBytes(i++, c.serverKey());
        }
        return i;
    }

    /** Reads the four columns of {@link #select}; empty when a hash was added after the account was made. */
    static Optional<ScramCredentials> credentials(ResultSet rs, ScramAlgorithm algorithm) throws SQLException {
        byte[] salt = rs.getBytes(1);
        int iterations = rs.getInt(2);
        byte[] storedKey = rs.getBytes(3);
        byte[] serverKey = rs.getBytes(4);
        if (salt == null || storedKey == null || serverKey == null || iterations < 1) {
            return Optional.empty();
        }
        return Optional.of(new ScramCredentials(algorithm, salt, iterations, storedKey, serverKey));
    }

    /** Credentials for every stored hash, with fresh salts. */
    static List<ScramCredentials> derive(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        List<ScramCredentials> out = new ArrayList<>();
        for (ScramAlgorithm a : ALGORITHMS) {
            out.add(Scram.derive(a, password, Scram.DEFAULT_ITERATIONS));
        }
        return out;
    }

    /**
     * @return the normalized username
     * @throws IllegalArgumentException if it cannot be a localpart
     */
    static String username(String username) {
        if (username == null) {
            throw new IllegalArgumentException("the username is missing");
        }
        try {
            return Jid.normalizeLocal(username);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid username: " + e.getMessage(), e);
        }
    }

    /** For lookups: a name that is not a valid localpart names no account, which is not an error. */
    static Optional<String> lookupName(String username) {
        try {
            return Optional.of(username(username));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Unique violation, SQLSTATE 23505 in both H2 and PostgreSQL. */
    static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
