package im.confab.store.jdbc.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that runs once per database of {@link TestDatabase#all()}, with a fresh, empty {@link TestDatabase} as its
 * parameter; JUnit closes it afterwards.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("im.confab.store.jdbc.internal.TestDatabase#all")
@interface EachDatabase {
}
