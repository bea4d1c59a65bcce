package im.confab.store.jdbc.internal;

import java.lang.annotation.Annotation;

/** A Config as DS would make it; annotation interfaces may be implemented directly, no reflection needed. */
record TestConfig(String url, String user, String password, int pool_size) implements Database.Config {
    static TestConfig defaults() {
        return new TestConfig("", "sa", "", 8);
    }

    TestConfig withUrl(String u) {
        return new TestConfig(u, user, password, pool_size);
    }

    TestConfig withPoolSize(int n) {
        return new TestConfig(url, user, password, n);
    }

    @Override
    public int roster_cache_size() {
        return 100;
    }

    @Override
    public int credentials_cache_size() {
        return 100;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Database.Config.class;
    }
}
