-- Accounts of the local domains, one row per user. Only SCRAM credentials (RFC 5802 section 3), never a
-- password: per hash the salt, the iteration count, StoredKey = H(ClientKey) and ServerKey.
-- The binary placeholder becomes VARBINARY in H2 and BYTEA in PostgreSQL (see Dialect).
-- IF NOT EXISTS: H2 commits DDL at once, so a crash before schema_version is written must not make the
-- script fail when it runs again.
CREATE TABLE IF NOT EXISTS accounts (
    username          VARCHAR(1023) NOT NULL PRIMARY KEY,
    sha1_salt         ${binary} NOT NULL,
    sha1_iterations   INTEGER NOT NULL,
    sha1_stored_key   ${binary} NOT NULL,
    sha1_server_key   ${binary} NOT NULL,
    sha256_salt       ${binary} NOT NULL,
    sha256_iterations INTEGER NOT NULL,
    sha256_stored_key ${binary} NOT NULL,
    sha256_server_key ${binary} NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
