/**
 * Test doubles shared by the unit tests of the session-manager plugins (STYLE.md 2.5): a
 * {@link im.confab.test.support.RecordingContext} to assert on what a handler sends, a fake session, connection and
 * session manager, and in-memory versions of the stores in {@code im.confab.api.store} and
 * {@code im.confab.api.auth}.
 *
 * <p>Nothing here starts a thread, sleeps or touches the disk. The doubles are not thread-safe: a test drives them
 * from one thread. Their state is in public fields so that a test can arrange it and assert on it directly, and
 * failure switches ({@code broken}, {@code failing}, {@code fail…}) make a store throw a
 * {@link im.confab.api.store.StoreException} as a real one would when its database is down.
 *
 * <p>This module is a plain jar, not an OSGi bundle, used only with {@code <scope>test</scope>} and part of no
 * feature. Helpers that only one plugin needs (its {@code Config} builder, a scheduler with a particular contract)
 * stay in that plugin's test tree.
 */
package im.confab.test.support;
