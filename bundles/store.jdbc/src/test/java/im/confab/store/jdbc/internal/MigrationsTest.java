package im.confab.store.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationsTest {
    @Test
    void scriptsAreNumberedInOrderAndRenderedPerDialect() {
        List<Migrations.Migration> h2 = Migrations.load(Dialect.H2);
        List<Migrations.Migration> pg = Migrations.load(Dialect.POSTGRESQL);
        assertEquals(Migrations.SCRIPTS.size(), h2.size());
        for (int i = 0; i < h2.size(); i++) {
            assertEquals(i + 1, h2.get(i).version());
            assertEquals(h2.get(i).checksum(), pg.get(i).checksum()); // one script for all databases
            assertFalse(h2.get(i).sql().contains("${"));
        }
        String h2Sql = String.join(";", Migrations.statements(h2.get(0).sql()));
        String pgSql = String.join(";", Migrations.statements(pg.get(0).sql()));
        assertTrue(h2Sql.contains("VARBINARY") && !h2Sql.contains("BYTEA"), h2Sql);
        assertTrue(pgSql.contains("BYTEA") && !pgSql.contains("VARBINARY"), pgSql);
        String h2Im = String.join(";", Migrations.statements(h2.get(1).sql()));
        String pgIm = String.join(";", Migrations.statements(pg.get(1).sql()));
        assertTrue(h2Im.contains("CHARACTER LARGE OBJECT NOT NULL") && !h2Im.contains("TEXT"), h2Im);
        assertTrue(pgIm.contains("TEXT NOT NULL") && !pgIm.contains("LARGE OBJECT"), pgIm);
    }

    @Test
    void statementsAreSplitAtLineEndSemicolons() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (
                    x INTEGER -- trailing
                );

                INSERT INTO a VALUES (1);
                   -- indented comment
                INSERT INTO a VALUES (2)
                """;
        assertEquals(List.of("CREATE TABLE a (\nx INTEGER -- trailing\n)", "INSERT INTO a VALUES (1)",
                "INSERT INTO a VALUES (2)"), Migrations.statements(script));
    }

    @Test
    void everyAlgorithmHasItsColumnsInTheSchema() {
        String v1 = Migrations.load(Dialect.H2).get(0).sql();
        for (var a : AccountSql.ALGORITHMS) {
            for (String col : List.of("salt", "iterations", "stored_key", "server_key")) {
                assertTrue(v1.contains(AccountSql.prefix(a) + col), AccountSql.prefix(a) + col);
            }
        }
    }
}
